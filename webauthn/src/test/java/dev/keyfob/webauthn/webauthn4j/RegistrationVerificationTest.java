package dev.keyfob.webauthn.webauthn4j;

import static dev.keyfob.webauthn.webauthn4j.Fixtures.CEREMONIES;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.ORIGIN;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.OTHER_ALLOWED_ORIGIN;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.RP_ID;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.challenge;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testkit.webauthn.AuthenticatorFlag;
import dev.keyfob.testkit.webauthn.CoseAlgorithm;
import dev.keyfob.testkit.webauthn.CredentialJson;
import dev.keyfob.testkit.webauthn.MakeCredential;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import dev.keyfob.webauthn.InvalidCredentialException;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.WebAuthnCheck;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationVerificationTest {
  private final byte[] challenge = challenge();
  private final byte[] userHandle = Fixtures.random(32);
  private final SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();

  private MakeCredential create() {
    return key.makeCredential(challenge, RP_ID, ORIGIN);
  }

  private CredentialJson good() {
    return create().userHandle(userHandle).build();
  }

  private WebAuthnCheck rejected(Object credential) {
    return assertThrows(InvalidCredentialException.class,
        () -> CEREMONIES.verifyRegistration(challenge, credential)).check();
  }

  /** The check that fails for this response, as a handler would pass it (parsed). */
  private WebAuthnCheck rejected(CredentialJson credential) {
    return rejected((Object) parsed(credential));
  }

  @Nested
  class Accepted {
    @Test
    void securityKeyGivesWhatKeyfobStores() throws Exception {
      NewCredential stored = CEREMONIES.verifyRegistration(challenge, parsed(good()));

      assertArrayEquals(key.credentialId(), stored.credentialId());
      assertArrayEquals(key.publicKeyCose(), stored.publicKeyCose());
      assertEquals(-7, stored.algorithm());
      assertEquals(0, stored.signCount());
      assertFalse(stored.backupEligible());
      assertFalse(stored.backedUp());
      assertFalse(stored.userVerified());
      assertEquals(List.of("usb", "nfc"), stored.transports());
      assertEquals(new UUID(0, 0), stored.aaguid());
    }

    @Test
    void syncedPasskeyReportsBackupFlagsAndUserVerification() throws Exception {
      SoftwareAuthenticator passkey = SoftwareAuthenticator.passkey();
      NewCredential stored = CEREMONIES.verifyRegistration(challenge,
          parsed(passkey.makeCredential(challenge, RP_ID, ORIGIN).build()));

      assertTrue(stored.backupEligible());
      assertTrue(stored.backedUp());
      assertTrue(stored.userVerified());
      assertEquals(List.of("internal", "hybrid"), stored.transports());
    }

    @ParameterizedTest
    @EnumSource(CoseAlgorithm.class)
    void everyOfferedAlgorithmRegisters(CoseAlgorithm algorithm) throws Exception {
      SoftwareAuthenticator other = SoftwareAuthenticator.builder().algorithm(algorithm).build();
      NewCredential stored = CEREMONIES.verifyRegistration(challenge,
          parsed(other.makeCredential(challenge, RP_ID, ORIGIN).build()));

      assertEquals(algorithm.coseIdentifier(), stored.algorithm());
      assertArrayEquals(other.publicKeyCose(), stored.publicKeyCose());
    }

    @Test
    void jsonTextIsAcceptedLikeTheParsedMap() throws Exception {
      NewCredential fromText = CEREMONIES.verifyRegistration(challenge, good().toJson());
      assertArrayEquals(key.credentialId(), fromText.credentialId());
    }

    @Test
    void secondConfiguredOriginIsAccepted() throws Exception {
      CEREMONIES.verifyRegistration(challenge,
          parsed(key.makeCredential(challenge, RP_ID, OTHER_ALLOWED_ORIGIN).build()));
    }

    @Test
    void missingTransportsGiveAnEmptyList() throws Exception {
      NewCredential stored = CEREMONIES.verifyRegistration(challenge,
          parsed(good().without("response.transports")));
      assertEquals(List.of(), stored.transports());
    }

    @Test
    void aaguidIsReported() throws Exception {
      UUID model = UUID.fromString("ee882879-721c-4913-9775-3dfcce97072a");
      SoftwareAuthenticator withModel = SoftwareAuthenticator.builder().aaguid(model).build();
      NewCredential stored = CEREMONIES.verifyRegistration(challenge,
          parsed(withModel.makeCredential(challenge, RP_ID, ORIGIN).build()));
      assertEquals(model, stored.aaguid());
    }
  }

  @Nested
  class RejectedByCheck {
    @Test
    void typeOfAnAssertionIsRejected() {
      assertEquals(WebAuthnCheck.TYPE, rejected(create().type("webauthn.get").build()));
    }

    @Test
    void anotherChallengeIsRejected() {
      assertEquals(WebAuthnCheck.CHALLENGE, rejected(create().challenge(challenge()).build()));
    }

    @Test
    void unlistedOriginIsRejected() {
      assertEquals(WebAuthnCheck.ORIGIN,
          rejected(key.makeCredential(challenge, RP_ID, "https://evil.example.com").build()));
    }

    @Test
    void lookAlikeOriginWithOtherPortIsRejected() {
      assertEquals(WebAuthnCheck.ORIGIN,
          rejected(key.makeCredential(challenge, RP_ID, ORIGIN + ":8443").build()));
    }

    @Test
    void crossOriginIframeIsRejected() {
      assertEquals(WebAuthnCheck.ORIGIN, rejected(create().crossOrigin(true).build()));
    }

    @Test
    void rpIdHashOfAnotherSiteIsRejected() {
      assertEquals(WebAuthnCheck.RP_ID, rejected(create().rpId("evil.example").build()));
    }

    @Test
    void missingUserPresenceIsRejected() {
      assertEquals(WebAuthnCheck.USER_PRESENCE,
          rejected(create().clear(AuthenticatorFlag.UP).build()));
    }

    @ParameterizedTest(name = "COSE alg {0}")
    @ValueSource(longs = {-35, -36, -37, -65535, -999})
    void algorithmNotOfferedIsRejected(long alg) {
      WebAuthnCheck check = rejected(create().coseAlgorithm(alg).build());
      assertEquals(WebAuthnCheck.ALGORITHM, check);
    }

    @Test
    void backedUpWithoutBackupEligibilityIsRejected() {
      assertEquals(WebAuthnCheck.BACKUP_FLAGS, rejected(
          create().set(AuthenticatorFlag.BS).build()));
    }

    @Test
    void idThatDiffersFromRawIdIsRejected() {
      assertEquals(WebAuthnCheck.CREDENTIAL_ID, rejected(good().with("id", Fixtures.random(32))));
    }

    @Test
    void rawIdThatDiffersFromTheAttestedCredentialIdIsRejected() {
      byte[] other = Fixtures.random(32);
      assertEquals(WebAuthnCheck.CREDENTIAL_ID,
          rejected(good().with("id", other).with("rawId", other)));
    }
  }

  @Nested
  class RejectedAsMalformed {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"response.clientDataJSON", "response.attestationObject", "rawId", "id"})
    void invalidBase64urlIsMalformed(String member) {
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with(member, "not base64url!")));
    }

    @Test
    void paddedBase64urlIsMalformed() {
      String padded = good().get("response.clientDataJSON") + "==";
      assertEquals(WebAuthnCheck.MALFORMED,
          rejected(good().with("response.clientDataJSON", padded)));
    }

    @Test
    void truncatedAttestationObjectIsMalformed() {
      byte[] cbor = good().bytes("response.attestationObject");
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with("response.attestationObject",
          Arrays.copyOf(cbor, cbor.length / 2))));
    }

    @Test
    void attestationObjectThatIsNotCborIsMalformed() {
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with("response.attestationObject",
          new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x13})));
    }

    @Test
    void attestationObjectOfWellFormedButWrongCborIsMalformed() {
      // CBOR text string "none": valid CBOR, not an attestation object.
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with("response.attestationObject",
          new byte[] {0x64, 'n', 'o', 'n', 'e'})));
    }

    @Test
    void clientDataThatIsNotJsonIsMalformed() {
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with("response.clientDataJSON",
          "{not json".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"id", "rawId", "type", "response", "response.clientDataJSON",
        "response.attestationObject"})
    void missingMemberIsMalformed(String member) {
      WebAuthnCheck check = rejected(good().without(member));
      assertTrue(check == WebAuthnCheck.MALFORMED, () -> member + " gave " + check);
    }

    @Test
    void credentialTypeOtherThanPublicKeyIsMalformed() {
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with("type", "password")));
    }

    @Test
    void transportsThatAreNotStringsAreMalformed() {
      assertEquals(WebAuthnCheck.MALFORMED,
          rejected(good().with("response.transports", List.of(1, 2))));
      assertEquals(WebAuthnCheck.MALFORMED, rejected(good().with("response.transports", "usb")));
    }

    @Test
    void jsonTextThatIsNotAnObjectIsMalformed() {
      assertEquals(WebAuthnCheck.MALFORMED, rejected("[1,2,3]"));
      assertEquals(WebAuthnCheck.MALFORMED, rejected("{\"id\":"));
      assertEquals(WebAuthnCheck.MALFORMED, rejected(""));
    }

    @Test
    void nullOrOtherTypesAreMalformed() {
      assertEquals(WebAuthnCheck.MALFORMED, rejected((Object) null));
      assertEquals(WebAuthnCheck.MALFORMED, rejected(42));
      assertEquals(WebAuthnCheck.MALFORMED, rejected(List.of()));
    }
  }

  @Test
  void exceptionMessageNamesTheCheckButNoClientInput() {
    InvalidCredentialException e = assertThrows(InvalidCredentialException.class, () ->
        CEREMONIES.verifyRegistration(challenge,
            parsed(key.makeCredential(challenge, RP_ID, "https://attacker.invalid").build())));
    assertEquals("registration rejected: ORIGIN", e.getMessage());
  }

  @Test
  void userVerificationFlagIsReportedWhenSet() throws Exception {
    SoftwareAuthenticator uv = SoftwareAuthenticator.builder()
        .flags(EnumSet.of(AuthenticatorFlag.UP, AuthenticatorFlag.UV)).build();
    assertTrue(CEREMONIES.verifyRegistration(challenge,
        parsed(uv.makeCredential(challenge, RP_ID, ORIGIN).build())).userVerified());
  }
}
