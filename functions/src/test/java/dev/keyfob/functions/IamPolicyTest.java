package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege in {@code template.yaml}, judged by {@link IamPolicies}: each function may
 * touch only the key prefixes its routes need, only the rotation function writes signing keys,
 * and only keyfob's function roles use the KMS key, each for its purpose. ({@code
 * HandlerEventsTest} proves the other half: every sample request is granted.)
 */
class IamPolicyTest {

  private static final List<String> API_FUNCTIONS = List.of("EnrollmentFunction",
      "VerificationFunction", "WebAuthnFunction", "OrgSecurityFunction", "AdminFunction",
      "JwksFunction");
  private static final List<String> WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
      "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
  private static IamPolicies policies;

  @BeforeAll
  static void load() throws Exception {
    policies = new IamPolicies(SamTemplate.load());
  }

  private static IamPolicies.Request dynamo(String action, String... leadingKeys) {
    return new IamPolicies.Request(action, "table", List.of(leadingKeys), Map.of());
  }

  private static IamPolicies.Request kms(String action, String purpose) {
    return new IamPolicies.Request(action, "key", List.of(),
        purpose == null ? Map.of() : Map.of("keyfob:purpose", purpose));
  }

  @Test
  void noApiFunctionCanWriteSigningKeysNotEvenBesideItsOwnItems() {
    for (String function : API_FUNCTIONS) {
      for (String write : WRITES) {
        assertFalse(policies.allows(function, dynamo(write, "SIGNING_KEYS")),
            function + " " + write);
        assertFalse(policies.allows(function, dynamo(write, "ORG#acme", "SIGNING_KEYS")),
            function + " " + write + " in a batch");
      }
    }
    assertTrue(policies.allows("SigningKeyRotationFunction",
        dynamo("dynamodb:PutItem", "SIGNING_KEYS")), "the rotation is the writer");
  }

  @Test
  void theRotationAndTheJwksTouchSigningKeysOnly() {
    for (String function : List.of("SigningKeyRotationFunction", "JwksFunction")) {
      assertFalse(policies.allows(function, dynamo("dynamodb:GetItem", "USER#alice")), function);
      assertFalse(policies.allows(function, dynamo("dynamodb:Query", "ORG#acme")), function);
      assertTrue(policies.allows(function, dynamo("dynamodb:GetItem", "SIGNING_KEYS")),
          function);
    }
    for (String write : WRITES) {
      assertFalse(policies.allows("SigningKeyRotationFunction", dynamo(write, "USER#alice")));
      assertFalse(policies.allows("JwksFunction", dynamo(write, "SIGNING_KEYS")));
    }
  }

  @Test
  void functionsCannotReachKeysOutsideKeyfobsPrefixesOrScanTheTable() {
    for (String function : API_FUNCTIONS) {
      assertFalse(policies.allows(function, dynamo("dynamodb:GetItem", "OTHER_APP#x")), function);
      assertFalse(policies.allows(function, dynamo("dynamodb:PutItem", "OTHER_APP#x")),
          function);
      assertFalse(policies.allows(function, dynamo("dynamodb:Scan")), function);
      assertFalse(policies.allows(function, dynamo("dynamodb:DeleteTable")), function);
    }
  }

  @Test
  void onlyTheFunctionsThatNeedThemMayDeleteOrWriteInBatches() {
    assertFalse(policies.allows("VerificationFunction", dynamo("dynamodb:DeleteItem",
        "ORG#acme")), "sign-in deletes no org items");
    assertTrue(policies.allows("VerificationFunction", dynamo("dynamodb:DeleteItem",
        "CREDENTIAL#abc")), "the last recovery code removes every security key");
    assertFalse(policies.allows("OrgSecurityFunction", dynamo("dynamodb:DeleteItem",
        "USER#alice")));
    assertFalse(policies.allows("EnrollmentFunction", dynamo("dynamodb:BatchWriteItem",
        "ORG#acme")));
    assertTrue(policies.allows("AdminFunction", dynamo("dynamodb:BatchWriteItem", "ORG#acme")));
  }

  @Test
  void theKmsKeyOpensTotpSecretsOnlyForTheSecondFactorFunctions() {
    for (String function : List.of("EnrollmentFunction", "VerificationFunction")) {
      assertTrue(policies.allows(function, kms("kms:Decrypt", "totp-secret")), function);
    }
    for (String function : List.of("OrgSecurityFunction", "AdminFunction", "JwksFunction",
        "SigningKeyRotationFunction")) {
      assertFalse(policies.allows(function, kms("kms:Decrypt", "totp-secret")), function);
      assertFalse(policies.allows(function, kms("kms:Decrypt", "mfa-signing-key")), function);
    }
    assertFalse(policies.allows("WebAuthnFunction", kms("kms:Decrypt", "totp-secret")),
        "security keys never need a TOTP secret");
    assertTrue(policies.allows("WebAuthnFunction", kms("kms:Decrypt", "mfa-signing-key")),
        "it signs MFA tokens");
    assertFalse(policies.allows("VerificationFunction", kms("kms:GenerateDataKey",
        "totp-secret")), "sign-in makes no secrets");
    assertTrue(policies.allows("EnrollmentFunction", kms("kms:GenerateDataKey", "totp-secret")));
  }

  @Test
  void signingKeysAreMadeOnlyByTheRotationAndOpenedOnlyBySigningFunctions() {
    assertTrue(policies.allows("SigningKeyRotationFunction", kms("kms:GenerateDataKey",
        "mfa-signing-key")));
    assertFalse(policies.allows("SigningKeyRotationFunction", kms("kms:Decrypt",
        "totp-secret")));
    for (String function : API_FUNCTIONS) {
      assertFalse(policies.allows(function, kms("kms:GenerateDataKey", "mfa-signing-key")),
          function);
    }
    assertTrue(policies.allows("VerificationFunction", kms("kms:Decrypt", "mfa-signing-key")));
  }

  @Test
  void noFunctionUsesTheKeyWithoutAKeyfobPurposeOrForAnotherPurpose() {
    for (String function : List.of("EnrollmentFunction", "VerificationFunction",
        "SigningKeyRotationFunction")) {
      assertFalse(policies.allows(function, kms("kms:Decrypt", null)), function);
      assertFalse(policies.allows(function, kms("kms:GenerateDataKey", null)), function);
      assertFalse(policies.allows(function, kms("kms:Decrypt", "something-else")), function);
      assertFalse(policies.allows(function, kms("kms:Encrypt", "totp-secret")), function);
      assertFalse(policies.allows(function, kms("kms:ReEncryptFrom", "totp-secret")), function);
      assertFalse(policies.allows(function, kms("kms:CreateGrant", "totp-secret")), function);
    }
  }
}
