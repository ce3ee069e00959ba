package dev.keyfob.testing;

import dev.keyfob.webauthn.AssertionOutcome;
import dev.keyfob.webauthn.CounterRegressionException;
import dev.keyfob.webauthn.InvalidAssertionException;
import dev.keyfob.webauthn.InvalidCredentialException;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.StoredCredential;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnCeremonyFactory;
import dev.keyfob.webauthn.WebAuthnCheck;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for the WebAuthn library in {@code shared}'s tests, which cannot load it: the
 * service's rules (challenges used up, counters, locks, methods, factor versions) are tested here
 * on the emulator, the library's checks in the {@code webauthn} module and over the local API
 * with a software authenticator. A fake credential's "signature" is its challenge under its id:
 * an answer names the challenge it signed, and is right only for that challenge and a key the
 * user has; its counter follows the contract's rule.
 */
public final class FakeWebAuthn implements WebAuthnCeremony {

  /** Makes the fake for any relying party. */
  public static final WebAuthnCeremonyFactory FACTORY = settings -> new FakeWebAuthn();

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

  @Override
  public NewCredential verifyRegistration(byte[] expectedChallenge, Object credential)
      throws InvalidCredentialException {
    Map<?, ?> response = response(credential);
    if (response == null || !Arrays.equals(expectedChallenge, challenge(response))) {
      throw new InvalidCredentialException(WebAuthnCheck.CHALLENGE, null);
    }
    byte[] id = UNB64.decode((String) ((Map<?, ?>) credential).get("id"));
    boolean synced = Boolean.TRUE.equals(response.get("synced"));
    return new NewCredential(id, id, -7, number(response), synced, synced, false,
        List.of("usb"), new UUID(0, 0));
  }

  @Override
  public AssertionOutcome verifyAssertion(byte[] expectedChallenge, Object credential,
      byte[] userHandle, Collection<StoredCredential> userCredentials)
      throws InvalidAssertionException {
    Map<?, ?> response = response(credential);
    if (response == null || !Arrays.equals(expectedChallenge, challenge(response))) {
      throw new InvalidAssertionException(WebAuthnCheck.CHALLENGE, null);
    }
    byte[] id = UNB64.decode((String) ((Map<?, ?>) credential).get("id"));
    StoredCredential stored = userCredentials.stream().filter(c -> c.hasId(id)).findFirst()
        .orElseThrow(() -> new InvalidAssertionException(WebAuthnCheck.UNKNOWN_CREDENTIAL, null));
    long counter = number(response);
    if ((stored.signCount() != 0 || counter != 0) && counter <= stored.signCount()) {
      throw new CounterRegressionException(stored.signCount(), counter, null);
    }
    return new AssertionOutcome(id, counter, stored.backupEligible(), false);
  }

  private static Map<?, ?> response(Object credential) {
    return credential instanceof Map<?, ?> m && m.get("response") instanceof Map<?, ?> r
        ? r : null;
  }

  private static byte[] challenge(Map<?, ?> response) {
    Object c = response.get("challenge");
    return c instanceof String s ? UNB64.decode(s) : new byte[0];
  }

  private static long number(Map<?, ?> response) {
    Object n = response.get("counter");
    return n instanceof Number number ? number.longValue() : 0;
  }

  /** A key the tests hold: answers challenges with a counter it moves on itself. */
  public static final class Key {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] id = new byte[16];
    private final boolean synced;
    private long counter;

    public Key(boolean synced) {
      RANDOM.nextBytes(id);
      this.synced = synced;
    }

    public String id() {
      return B64.encodeToString(id);
    }

    /** The answer to a registration's challenge ({@code publicKey.challenge}). */
    public Map<String, Object> register(String challenge) {
      return answer(challenge, counter);
    }

    /** The answer to an assertion's challenge, with the next counter value. */
    public Map<String, Object> sign(String challenge) {
      return answer(challenge, ++counter);
    }

    /** An answer with a counter of the test's choosing, e.g. one that goes back. */
    public Map<String, Object> signWithCounter(String challenge, long value) {
      return answer(challenge, value);
    }

    private Map<String, Object> answer(String challenge, long count) {
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("challenge", challenge);
      response.put("counter", count);
      response.put("synced", synced);
      Map<String, Object> credential = new LinkedHashMap<>();
      credential.put("id", id());
      credential.put("rawId", id());
      credential.put("type", "public-key");
      credential.put("response", response);
      return credential;
    }
  }
}
