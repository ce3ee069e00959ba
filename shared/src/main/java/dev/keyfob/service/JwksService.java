package dev.keyfob.service;

import dev.keyfob.token.SigningKeys;

/** {@code GET /.well-known/jwks.json}: the public keys host applications verify MFA tokens with. */
public final class JwksService {

  private final SigningKeys keys;

  JwksService(SigningKeys keys) {
    this.keys = keys;
  }

  /** The published public keys as a JWK set document (no private parts, no KMS call). */
  public String jwksJson() {
    return keys.publicJwks().toString(true);
  }
}
