package dev.keyfob.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The authenticator app of a user: the TOTP secret as an envelope ciphertext, when it was
 * confirmed, and the last RFC 6238 time step accepted for it (null before any; see the replay
 * rule in {@code TotpReplay}).
 */
public record TotpFactor(byte[] secret, Instant enrolledAt, Long lastStep) {

  public TotpFactor {
    Objects.requireNonNull(secret, "secret");
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TotpFactor other && java.util.Arrays.equals(secret, other.secret)
        && Objects.equals(lastStep, other.lastStep);
  }

  @Override
  public int hashCode() {
    return Objects.hash(java.util.Arrays.hashCode(secret), lastStep);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "TotpFactor[lastStep=" + lastStep + "]";
  }
}
