package dev.keyfob.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/** How KMS SDK failures map to outage versus refusal, without needing KMS to misbehave. */
class KmsFailureClassificationTest {

  @ParameterizedTest(name = "{0} {1} -> unavailable={2}")
  @CsvSource({
      "500, InternalFailure, true",
      "503, ServiceUnavailable, true",
      "400, ThrottlingException, true",
      "429, TooManyRequests, true",
      "400, KMSInvalidStateException, true",
      "400, DisabledException, true",
      "400, InvalidCiphertextException, false",
      "400, IncorrectKeyException, false",
      "400, AccessDeniedException, false",
      "400, NotFoundException, false",
      "400, ValidationException, false"})
  void kmsServiceErrorsAreClassifiedByStatusAndCode(int status, String code, boolean unavailable) {
    KmsException e = (KmsException) KmsException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("x").build())
        .build();
    assertEquals(unavailable, KmsEnvelopeCipher.isUnavailable(e));
  }

  @Test
  void kmsSpecificOutageExceptionsAreUnavailable() {
    assertUnavailable(KmsInternalException.builder().statusCode(500).build());
    assertUnavailable(DependencyTimeoutException.builder().statusCode(503).build());
  }

  @Test
  void clientSideFailuresAreUnavailable() {
    assertUnavailable(SdkClientException.create("connection refused"));
    assertUnavailable(ApiCallTimeoutException.create(3000));
    assertUnavailable(ApiCallAttemptTimeoutException.create(1500));
  }

  @Test
  void refusalsArePlainSecurityExceptionsKeepingTheCause() {
    SdkException refusal = InvalidCiphertextException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidCiphertextException")
            .build()).build();
    GeneralSecurityException e = KmsEnvelopeCipher.translate(refusal, "decrypt the data key");
    assertFalse(e instanceof KeyServiceUnavailableException);
    assertSame(refusal, e.getCause());
    assertEquals("KMS refused to decrypt the data key", e.getMessage());
    assertFalse(KmsEnvelopeCipher.translate(IncorrectKeyException.builder().statusCode(400)
        .build(), "x") instanceof KeyServiceUnavailableException);
  }

  private static void assertUnavailable(SdkException e) {
    assertInstanceOf(KeyServiceUnavailableException.class, KmsEnvelopeCipher.translate(e, "x"));
  }
}
