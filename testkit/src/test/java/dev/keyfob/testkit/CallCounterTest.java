package dev.keyfob.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

/**
 * The call counter and the fault injector on a real SDK client whose every call the injector
 * fails before it leaves the process, so no emulator is needed.
 */
class CallCounterTest {

  private final CallCounter counter = new CallCounter();
  private final FaultInjector faults = new FaultInjector();
  private final KmsClient kms = KmsClient.builder()
      .httpClient(UrlConnectionHttpClient.create())
      .endpointOverride(URI.create("http://127.0.0.1:9"))
      .region(Emulator.REGION)
      .credentialsProvider(Emulator.CREDENTIALS)
      .overrideConfiguration(c -> c.addExecutionInterceptor(counter).addExecutionInterceptor(faults))
      .build();

  @AfterEach
  void tearDown() {
    kms.close();
  }

  @Test
  void countsCallsByOperationAndServiceOnceEachWhateverTheRetries() {
    faults.fail("Kms");
    DecryptRequest decrypt = DecryptRequest.builder()
        .ciphertextBlob(SdkBytes.fromUtf8String("x")).build();
    assertThrows(SdkClientException.class, () -> kms.decrypt(decrypt));
    assertThrows(SdkClientException.class, () -> kms.decrypt(decrypt));
    assertThrows(SdkClientException.class, () -> kms.listKeys());

    assertEquals(2, counter.count("Kms", "Decrypt"));
    assertEquals(1, counter.count("Kms", "ListKeys"));
    assertEquals(0, counter.count("Kms", "Encrypt"));
    assertEquals(3, counter.total("Kms"));
    assertEquals(0, counter.total("DynamoDb"));
    assertEquals(List.of("Kms:Decrypt", "Kms:Decrypt", "Kms:ListKeys"), counter.calls());
    assertEquals(decrypt, counter.requests().get(0));
    assertEquals("{Kms:Decrypt=2, Kms:ListKeys=1}", counter.toString());
  }

  @Test
  void resetForgetsEverySoFar() {
    faults.fail("Kms");
    assertThrows(SdkClientException.class, () -> kms.listKeys());
    counter.reset();
    assertEquals(0, counter.total("Kms"));
    assertEquals(List.of(), counter.requests());
  }

  @Test
  void theInjectorFailsOnlyTheOperationItIsToldAndHealsOnRequest() {
    faults.fail("Kms:ListKeys");
    SdkClientException e = assertThrows(SdkClientException.class, () -> kms.listKeys());
    assertTrue(e.getMessage().contains("injected fault: Kms:ListKeys unreachable"),
        e.getMessage());
    SdkClientException other = assertThrows(SdkClientException.class, () -> kms.listAliases());
    assertFalse(other.getMessage().contains("injected"), "ListAliases went to the closed port: "
        + other.getMessage());
    faults.heal();
    SdkClientException healed = assertThrows(SdkClientException.class, () -> kms.listKeys());
    assertFalse(healed.getMessage().contains("injected"), healed.getMessage());
  }
}
