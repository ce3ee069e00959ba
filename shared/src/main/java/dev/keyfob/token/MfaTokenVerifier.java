package dev.keyfob.token;

import static dev.keyfob.token.TokenChecks.reject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies keyfob MFA tokens against the public keys in {@link SigningKeys}.
 *
 * <p>ES256 only, {@code kid} required and published (active, or retired recently enough), {@code
 * typ} JWT if present, {@code iss} equal to and {@code aud} containing the configured values
 * exactly, times checked against the injected clock with 60 seconds leeway, and {@code exp} at
 * most {@link SigningKeys#MAX_TOKEN_LIFETIME} after {@code iat}. Required claims: {@code sub},
 * {@code org_id}, {@code org_role}, {@code amr} (containing {@code "mfa"}), {@code auth_time},
 * {@code iat}, {@code exp}, {@code jti} and {@code fv} (an integer).
 *
 * <p>It does not compare {@code fv} with the stored factor version: callers do, with {@link
 * Principal#factorVersion()}. Thread-safe. Rejections are {@code UNAUTHENTICATED} problems; a
 * key lookup DynamoDB cannot answer is {@link dev.keyfob.problem.DependencyUnavailableException}.
 */
public final class MfaTokenVerifier {

  private final SigningKeys keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  /**
   * @param keys where the public keys come from
   * @param issuer expected {@code iss} ({@code KEYFOB_ISSUER})
   * @param audience expected member of {@code aud} ({@code KEYFOB_MFA_AUDIENCE})
   * @param clock source of "now"
   * @throws IllegalArgumentException if issuer or audience is blank
   */
  public MfaTokenVerifier(SigningKeys keys, String issuer, String audience, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = MfaTokenIssuer.requireText(issuer, "issuer");
    this.audience = MfaTokenIssuer.requireText(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The expected {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /**
   * Verifies signature and claims.
   *
   * @return the caller, of kind {@link TokenKind#MFA}, with {@code factorVersion} and {@code
   *     tokenId} set
   * @throws dev.keyfob.problem.ProblemException {@code UNAUTHENTICATED} if the token is not
   *     acceptable
   * @throws dev.keyfob.problem.DependencyUnavailableException if the keys cannot be read
   */
  public Principal verify(SignedJWT jwt) {
    Objects.requireNonNull(jwt, "jwt");
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
      throw reject(TokenChecks.ALGORITHM);
    }
    if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
      throw reject(TokenChecks.MALFORMED);
    }
    Optional<ECKey> key = keys.publicKey(header.getKeyID());
    if (key.isEmpty()) {
      throw reject(TokenChecks.UNKNOWN_KEY);
    }
    boolean valid;
    try {
      valid = jwt.verify(new ECDSAVerifier(key.get()));
    } catch (JOSEException | RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw reject(TokenChecks.BAD_SIGNATURE);
    }
    JWTClaimsSet claims = TokenChecks.claims(jwt);
    TokenChecks.requireIssuer(claims, issuer);
    TokenChecks.requireAudience(claims, audience);
    Principal principal = TokenChecks.principal(TokenKind.MFA, claims, clock);
    if (!principal.amr().contains(Principal.AMR_MFA)) {
      throw reject("The token's amr claim is not valid.");
    }
    Duration lifetime = Duration.between(principal.issuedAt(), principal.expiresAt());
    if (lifetime.compareTo(SigningKeys.MAX_TOKEN_LIFETIME) > 0) {
      throw reject("The token's exp claim is not valid.");
    }
    return principal;
  }

  @Override
  public String toString() {
    return "MfaTokenVerifier[issuer=" + issuer + ", audience=" + audience + "]";
  }
}
