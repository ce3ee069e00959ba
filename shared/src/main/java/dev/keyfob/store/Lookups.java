package dev.keyfob.store;

/**
 * Items a request needs read together with its caller's state, in the same one
 * {@code BatchGetItem}, because the request names them: a WebAuthn credential (by its storage
 * key) whose public key and counter an assertion is checked against, and whose owner a new
 * registration must not collide with; or a remembered device (by its token's hash).
 *
 * @param credentialKey {@link Keys#credentialKey} of a credential id, or null
 * @param deviceHash the hash of a presented device token, or null
 */
public record Lookups(String credentialKey, String deviceHash) {

  /** Nothing beyond the caller's own items. */
  public static final Lookups NONE = new Lookups(null, null);

  /** The items of the credential with this storage key. */
  public static Lookups credential(String credentialKey) {
    return new Lookups(credentialKey, null);
  }

  /** The caller's remembered device with this token hash. */
  public static Lookups device(String deviceHash) {
    return new Lookups(null, deviceHash);
  }
}
