package dev.keyfob.store;

import java.util.List;
import java.util.Objects;

/**
 * A security key or passkey as the user's state lists it, so that a start of a registration or
 * an assertion needs no query: the credential id and its transport hints. The credential itself
 * (public key, counter, name, times) is its own item ({@link WebAuthnCredential}).
 *
 * @param key the credential's storage key ({@link Keys#credentialKey})
 */
public record CredentialRef(String key, byte[] credentialId, List<String> transports) {

  public CredentialRef {
    Objects.requireNonNull(key, "key");
    credentialId = credentialId.clone();
    transports = List.copyOf(transports);
  }

  @Override
  public byte[] credentialId() {
    return credentialId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialRef other && key.equals(other.key)
        && transports.equals(other.transports);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }
}
