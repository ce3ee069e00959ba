package dev.keyfob.webauthn;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The WebAuthn checks keyfob needs (WebAuthn Level 3, sections 7.1 and 7.2), behind an interface
 * so that the library doing them (and its dependencies) is loaded only by the function that
 * serves the WebAuthn routes: the implementation lives in the {@code webauthn} module and is
 * found with {@link java.util.ServiceLoader} through {@link WebAuthnCeremonyFactory}.
 *
 * <p>Input is the {@code credential} member of a request body as jackson-jr parsed it (or JSON
 * text): a {@code RegistrationResponseJSON} or {@code AuthenticationResponseJSON}. Nothing a
 * client sends makes these methods throw an unchecked exception. What an implementation leaves to
 * keyfob: using up the challenge (one try each), loading the user's credentials, refusing a
 * credential id already registered, storing the counter with a condition, counting failures.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface WebAuthnCeremony {

  /** The COSE algorithms offered in {@code pubKeyCredParams}, in order: -7, -8, -257. */
  List<Long> OFFERED_ALGORITHMS = List.of(-7L, -8L, -257L);

  /**
   * The contract's shape rule, checked before a challenge is used up: a JSON object with string
   * {@code id} and {@code type} and an object {@code response}. {@code false} means 400
   * {@code INVALID_REQUEST} and nothing used up.
   */
  static boolean hasCredentialShape(Object credential) {
    return credential instanceof Map<?, ?> map
        && map.get("id") instanceof String
        && map.get("type") instanceof String
        && map.get("response") instanceof Map;
  }

  /**
   * Verifies a registration response: type {@code webauthn.create}, the challenge, the origin,
   * the RP ID hash, the user-present flag and the algorithm.
   *
   * @param expectedChallenge the registration's challenge bytes
   * @return what to store
   * @throws InvalidCredentialException when any check fails (400 {@code INVALID_CREDENTIAL})
   */
  NewCredential verifyRegistration(byte[] expectedChallenge, Object credential)
      throws InvalidCredentialException;

  /**
   * Verifies an assertion of a user identified before the ceremony: type {@code webauthn.get},
   * the challenge, the origin, the RP ID hash, the user-present flag, that the credential is one
   * of {@code userCredentials}, the user handle when present, the signature and the counter.
   *
   * @param userHandle this user's handle ({@code user.id} of their registrations)
   * @param userCredentials this user's stored credentials, and no one else's
   * @return the new counter and flags to store
   * @throws CounterRegressionException when the counter did not increase (audit it)
   * @throws InvalidAssertionException when any other check fails (401 {@code INVALID_ASSERTION})
   */
  AssertionOutcome verifyAssertion(byte[] expectedChallenge, Object credential, byte[] userHandle,
      Collection<StoredCredential> userCredentials) throws InvalidAssertionException;
}
