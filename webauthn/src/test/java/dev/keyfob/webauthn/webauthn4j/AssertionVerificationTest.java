package dev.keyfob.webauthn.webauthn4j;

import static dev.keyfob.webauthn.webauthn4j.Fixtures.CEREMONIES;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.ORIGIN;
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
import dev.keyfob.testkit.webauthn.GetAssertion;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import dev.keyfob.webauthn.AssertionOutcome;
import dev.keyfob.webauthn.CounterRegressionException;
import dev.keyfob.webauthn.InvalidAssertionException;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.StoredCredential;
import dev.keyfob.webauthn.WebAuthnCheck;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AssertionVerificationTest {
  private final byte[] userHandle = Fixtures.random(32);
  private final byte[] challenge = challenge();
  private SoftwareAuthenticator key;
  private StoredCredential stored;

  /** Registers a key through the component, as keyfob would, and keeps what it stores. */
  private static StoredCredential register(SoftwareAuthenticator authenticator, byte[] handle)
      throws Exception {
    byte[] registrationChallenge = challenge();
    NewCredential created = CEREMONIES.verifyRegistration(registrationChallenge,
        parsed(authenticator.makeCredential(registrationChallenge, RP_ID, ORIGIN)
            .userHandle(handle).build()));
    return new StoredCredential(created.credentialId(), created.publicKeyCose(),
        created.signCount(), created.backupEligible());
  }

  private GetAssertion get() {
    return key.getAssertion(challenge, RP_ID, ORIGIN);
  }

  @BeforeEach
  void registerSecurityKey() throws Exception {
    key = SoftwareAuthenticator.securityKey();
    stored = register(key, userHandle);
  }

  private AssertionOutcome verify(Object credential, StoredCredential... credentials)
      throws InvalidAssertionException {
    return CEREMONIES.verifyAssertion(challenge, credential, userHandle, List.of(credentials));
  }

  /** The check this response fails, as a handler would pass it (parsed). */
  private WebAuthnCheck failedCheck(CredentialJson credential) {
    return rejected(credential).check();
  }

  /** The exception for this response, as a handler would pass it (parsed). */
  private InvalidAssertionException rejected(CredentialJson credential) {
    Object parsed = parsed(credential);
    return assertThrows(InvalidAssertionException.class, () -> verify(parsed, stored));
  }

  private static StoredCredential withCount(StoredCredential credential, long count) {
    return new StoredCredential(credential.credentialId(), credential.publicKeyCose(), count,
        credential.backupEligible());
  }

  @Nested
  class Accepted {
    @Test
    void securityKeyAssertionReturnsTheNewCounter() throws Exception {
      AssertionOutcome outcome = verify(parsed(get().build()), stored);

      assertArrayEquals(key.credentialId(), outcome.credentialId());
      assertEquals(1, outcome.signCount());
      assertFalse(outcome.backedUp());
      assertFalse(outcome.userVerified());
    }

    @Test
    void syncedPasskeyWithZeroCountersPassesAndReportsBackedUp() throws Exception {
      SoftwareAuthenticator passkey = SoftwareAuthenticator.passkey();
      StoredCredential passkeyStored = register(passkey, userHandle);

      AssertionOutcome outcome =
          verify(parsed(passkey.getAssertion(challenge, RP_ID, ORIGIN).build()), passkeyStored);

      assertEquals(0, outcome.signCount());
      assertTrue(outcome.backedUp());
      assertTrue(outcome.userVerified());
    }

    @ParameterizedTest
    @EnumSource(CoseAlgorithm.class)
    void everyOfferedAlgorithmVerifies(CoseAlgorithm algorithm) throws Exception {
      SoftwareAuthenticator other = SoftwareAuthenticator.builder().algorithm(algorithm).build();
      StoredCredential otherStored = register(other, userHandle);
      verify(parsed(other.getAssertion(challenge, RP_ID, ORIGIN).build()), otherStored);
    }

    @Test
    void credentialIsPickedAmongTheUsersCredentials() throws Exception {
      SoftwareAuthenticator second = SoftwareAuthenticator.securityKey();
      StoredCredential secondStored = register(second, userHandle);

      AssertionOutcome outcome = verify(
          parsed(second.getAssertion(challenge, RP_ID, ORIGIN).build()), stored, secondStored);

      assertArrayEquals(second.credentialId(), outcome.credentialId());
    }

    @Test
    void missingUserHandleIsAcceptedForANonDiscoverableCredential() throws Exception {
      verify(parsed(get().userHandle(null).build()), stored);
    }

    @Test
    void jsonTextIsAcceptedLikeTheParsedMap() throws Exception {
      verify(get().build().toJson(), stored);
    }

    @Test
    void counterJumpingAheadIsAccepted() throws Exception {
      AssertionOutcome outcome = verify(parsed(get().signCount(1000).build()),
          withCount(stored, 7));
      assertEquals(1000, outcome.signCount());
    }
  }

  @Nested
  class RejectedByCheck {
    @Test
    void typeOfARegistrationIsRejected() {
      assertEquals(WebAuthnCheck.TYPE, failedCheck(get().type("webauthn.create").build()));
    }

    @Test
    void anotherChallengeIsRejected() {
      assertEquals(WebAuthnCheck.CHALLENGE, failedCheck(get().challenge(challenge()).build()));
    }

    @Test
    void unlistedOriginIsRejected() {
      assertEquals(WebAuthnCheck.ORIGIN,
          failedCheck(key.getAssertion(challenge, RP_ID, "https://app.example.com.evil.test")
              .build()));
    }

    @Test
    void rpIdHashOfAnotherSiteIsRejected() {
      assertEquals(WebAuthnCheck.RP_ID, failedCheck(get().rpId("evil.example").build()));
    }

    @Test
    void missingUserPresenceIsRejected() {
      assertEquals(WebAuthnCheck.USER_PRESENCE,
          failedCheck(get().clear(AuthenticatorFlag.UP).build()));
    }

    @Test
    void corruptedSignatureIsRejected() {
      assertEquals(WebAuthnCheck.SIGNATURE, failedCheck(get().corruptSignature().build()));
    }

    @Test
    void signatureOfAnotherKeyIsRejected() {
      SoftwareAuthenticator impostor = SoftwareAuthenticator.securityKey();
      assertEquals(WebAuthnCheck.SIGNATURE, failedCheck(get().signWith(impostor).build()));
    }

    @Test
    void signatureThatIsNotDerIsRejected() {
      CredentialJson assertion = get().build();
      WebAuthnCheck check = failedCheck(assertion.with("response.signature", new byte[] {1, 2, 3}));
      assertTrue(check == WebAuthnCheck.SIGNATURE || check == WebAuthnCheck.MALFORMED,
          check::toString);
    }

    @Test
    void flippedFlagBitBreaksTheSignature() {
      CredentialJson assertion = get().build();
      byte[] authData = assertion.bytes("response.authenticatorData");
      authData[32] |= AuthenticatorFlag.UV.bit();
      assertEquals(WebAuthnCheck.SIGNATURE,
          failedCheck(assertion.with("response.authenticatorData", authData)));
    }

    @Test
    void unknownCredentialIdIsRejected() {
      assertEquals(WebAuthnCheck.UNKNOWN_CREDENTIAL, failedCheck(
          get().claimCredentialId(Fixtures.random(32)).build()));
    }

    @Test
    void anotherUsersGenuineCredentialIsRejected() throws Exception {
      byte[] otherUser = Fixtures.random(32);
      SoftwareAuthenticator othersKey = SoftwareAuthenticator.securityKey();
      register(othersKey, otherUser);

      // Signed correctly by its own key, for this challenge; it is just not this user's.
      InvalidAssertionException e =
          rejected(othersKey.getAssertion(challenge, RP_ID, ORIGIN).build());
      assertEquals(WebAuthnCheck.UNKNOWN_CREDENTIAL, e.check());
    }

    @Test
    void userHandleOfAnotherUserIsRejected() {
      assertEquals(WebAuthnCheck.USER_HANDLE, failedCheck(
          get().userHandle(Fixtures.random(32)).build()));
    }

    @Test
    void backupEligibilityThatChangedIsRejected() {
      assertEquals(WebAuthnCheck.BACKUP_FLAGS, failedCheck(
          get().set(AuthenticatorFlag.BE).build()));
    }

    @Test
    void idThatDiffersFromRawIdIsRejected() {
      CredentialJson assertion = get().build();
      assertEquals(WebAuthnCheck.CREDENTIAL_ID,
          failedCheck(assertion.with("id", Fixtures.random(32))));
    }

    @Test
    void noStoredCredentialsMeansUnknownCredential() {
      InvalidAssertionException e = assertThrows(InvalidAssertionException.class, () ->
          CEREMONIES.verifyAssertion(challenge, parsed(get().build()), userHandle, List.of()));
      assertEquals(WebAuthnCheck.UNKNOWN_CREDENTIAL, e.check());
    }
  }

  @Nested
  class Counter {
    @Test
    void counterThatGoesBackIsACounterError() {
      key.setSignCount(3);
      CounterRegressionException e = assertThrows(CounterRegressionException.class, () ->
          verify(parsed(get().build()), withCount(stored, 10)));
      assertEquals(WebAuthnCheck.COUNTER, e.check());
      assertEquals(10, e.storedSignCount());
      assertEquals(4, e.presentedSignCount());
    }

    @Test
    void equalNonZeroCounterIsACounterError() {
      assertThrows(CounterRegressionException.class, () ->
          verify(parsed(get().signCount(5).build()), withCount(stored, 5)));
    }

    @Test
    void replayedAssertionFailsOnceTheCounterIsStored() throws Exception {
      CredentialJson assertion = get().build();
      AssertionOutcome first = verify(parsed(assertion), stored);

      assertThrows(CounterRegressionException.class,
          () -> verify(parsed(assertion), withCount(stored, first.signCount())));
    }

    @Test
    void zeroAfterANonZeroStoredCounterIsACounterError() {
      assertThrows(CounterRegressionException.class, () ->
          verify(parsed(get().signCount(0).build()), withCount(stored, 1)));
    }

    @Test
    void badSignatureWithALowCounterIsASignatureErrorNotACounterError() {
      InvalidAssertionException e = assertThrows(InvalidAssertionException.class, () ->
          verify(parsed(get().signCount(0).corruptSignature().build()),
              withCount(stored, 9)));
      assertFalse(e instanceof CounterRegressionException);
      assertEquals(WebAuthnCheck.SIGNATURE, e.check());
    }

    @Test
    void bothCountersZeroIsAccepted() throws Exception {
      assertEquals(0, verify(parsed(get().signCount(0).build()), stored).signCount());
    }
  }

  @Nested
  class RejectedAsMalformed {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"response.clientDataJSON", "response.authenticatorData",
        "response.signature", "response.userHandle", "rawId", "id"})
    void invalidBase64urlIsMalformed(String member) {
      CredentialJson assertion = get().build();
      assertEquals(WebAuthnCheck.MALFORMED, failedCheck(assertion.with(member, "***")));
    }

    @Test
    void truncatedAuthenticatorDataIsMalformed() {
      CredentialJson assertion = get().build();
      byte[] authData = assertion.bytes("response.authenticatorData");
      assertEquals(WebAuthnCheck.MALFORMED, failedCheck(
          assertion.with("response.authenticatorData", Arrays.copyOf(authData, 20))));
    }

    @Test
    void authenticatorDataWithTrailingGarbageIsRejected() {
      CredentialJson assertion = get().build();
      byte[] authData = Arrays.copyOf(assertion.bytes("response.authenticatorData"), 40);
      assertThrows(InvalidAssertionException.class, () ->
          verify(parsed(assertion.with("response.authenticatorData", authData)), stored));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"id", "rawId", "type", "response", "response.clientDataJSON",
        "response.authenticatorData", "response.signature"})
    void missingMemberIsMalformed(String member) {
      CredentialJson assertion = get().build();
      assertEquals(WebAuthnCheck.MALFORMED, failedCheck(assertion.without(member)));
    }

    @Test
    void memberOfTheWrongJsonTypeIsMalformed() {
      CredentialJson assertion = get().build();
      assertEquals(WebAuthnCheck.MALFORMED, failedCheck(assertion.with("response.signature", 12)));
      assertEquals(WebAuthnCheck.MALFORMED, failedCheck(assertion.with("response", "x")));
      assertEquals(WebAuthnCheck.MALFORMED,
          failedCheck(assertion.with("response.userHandle", true)));
    }
  }

  @Test
  void damagedStoredKeyIsAServerFaultNotTheClients() {
    StoredCredential damaged =
        new StoredCredential(stored.credentialId(), new byte[] {0x01, 0x02}, 0, false);
    assertThrows(IllegalStateException.class, () ->
        verify(parsed(get().build()), damaged));
  }
}
