package dev.keyfob.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed MFA token and when it expires.
 *
 * <p>Immutable. {@link #toString()} leaves the token out, so logging this record does not leak a
 * bearer credential.
 *
 * @param token the compact JWS, for the {@code mfaToken} member of a response
 * @param expiresAt its {@code exp} (whole seconds), for {@code mfaTokenExpiresAt}
 */
public record IssuedToken(String token, Instant expiresAt) {

  /** @throws NullPointerException if either component is null */
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "IssuedToken[expiresAt=" + expiresAt + "]";
  }
}
