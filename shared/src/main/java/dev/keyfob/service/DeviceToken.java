package dev.keyfob.service;

import java.time.Instant;
import java.util.Objects;

/**
 * A device token handed to a browser the user chose to remember: shown once, in the answer of
 * the sign-in that made it; keyfob keeps only its hash.
 *
 * @param token {@code kfd_} and 256 random bits, base64url
 * @param expiresAt when it stops working, at the latest
 */
public record DeviceToken(String token, Instant expiresAt) {

  public DeviceToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "DeviceToken[expiresAt=" + expiresAt + "]";
  }
}
