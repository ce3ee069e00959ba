package dev.keyfob.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One MFA-token signing key as stored: its public JWK and its private JWK as an envelope
 * ciphertext (bound to the kid), never the private key itself.
 *
 * @param kid the key's RFC 7638 thumbprint
 * @param active whether it is the key new tokens are signed with (else retired)
 * @param publicJwk the public JWK as JSON
 * @param privateKeyEnvelope the private JWK's JSON, envelope-encrypted; null where only the
 *     public parts were read (the published-keys listing)
 * @param createdAt when it was made
 * @param retiredAt when it was retired; null while active
 */
public record SigningKeyRecord(
    String kid,
    boolean active,
    String publicJwk,
    byte[] privateKeyEnvelope,
    Instant createdAt,
    Instant retiredAt) {

  public SigningKeyRecord {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(publicJwk, "publicJwk");
    privateKeyEnvelope = privateKeyEnvelope == null ? null : privateKeyEnvelope.clone();
  }

  @Override
  public byte[] privateKeyEnvelope() {
    return privateKeyEnvelope == null ? null : privateKeyEnvelope.clone();
  }

  /** Names the kid and the status, never key material. */
  @Override
  public String toString() {
    return "SigningKeyRecord[kid=" + kid + ", active=" + active + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKeyRecord other && kid.equals(other.kid) && active == other.active
        && Objects.equals(retiredAt, other.retiredAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kid, active, retiredAt);
  }
}
