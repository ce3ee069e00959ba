package dev.keyfob.token;

import static dev.keyfob.token.TokenChecks.reject;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.problem.ProblemException;
import java.text.ParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The entry point for every request: turns an {@code Authorization} header into a {@link
 * Principal}, whichever kind of token it carries.
 *
 * <p>Requires {@code Bearer <compact JWS>} (scheme case-insensitive, one or more spaces, at most
 * {@value #MAX_TOKEN_LENGTH} characters of token). Refuses every {@code alg} other than RS256 and
 * ES256 before anything else looks at the token, so {@code none} and HMAC algorithms can never be
 * verified, with public key material or otherwise. Then dispatches on the still unverified {@code
 * iss}: the keyfob issuer goes to the {@link MfaTokenVerifier}, anything else to the {@link
 * IdpTokenVerifier}; each verifies the signature with its own keys only, so the dispatch decision
 * cannot be abused.
 *
 * <p>Every failure is a {@link dev.keyfob.problem.ProblemException} of type {@code
 * UNAUTHENTICATED} (401) with a short detail that never repeats the token or a claim value; a key
 * set that cannot be fetched is {@link dev.keyfob.problem.DependencyUnavailableException} (503).
 * Thread-safe.
 */
public final class TokenVerifier {

  /** Longest token accepted, in characters. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+)");

  private final IdpTokenVerifier idp;
  private final MfaTokenVerifier mfa;
  private final String mfaIssuer;

  /**
   * @param idp verifier of identity-provider tokens
   * @param mfa verifier of keyfob MFA tokens
   * @param mfaIssuer keyfob's own issuer ({@code KEYFOB_ISSUER})
   * @throws IllegalArgumentException if {@code mfaIssuer} is not the MFA verifier's issuer, or is
   *     also the identity provider's issuer (the two kinds could not be told apart)
   */
  public TokenVerifier(IdpTokenVerifier idp, MfaTokenVerifier mfa, String mfaIssuer) {
    this.idp = Objects.requireNonNull(idp, "idp");
    this.mfa = Objects.requireNonNull(mfa, "mfa");
    this.mfaIssuer = MfaTokenIssuer.requireText(mfaIssuer, "mfaIssuer");
    if (!mfaIssuer.equals(mfa.issuer())) {
      throw new IllegalArgumentException("mfaIssuer differs from the MFA verifier's issuer");
    }
    if (mfaIssuer.equals(idp.issuer())) {
      throw new IllegalArgumentException("the identity provider and keyfob must have different"
          + " issuers");
    }
  }

  /**
   * Verifies the bearer token in an {@code Authorization} header value.
   *
   * @param headerValue the header value, or null when the request has none
   * @return the caller
   * @throws dev.keyfob.problem.ProblemException {@code UNAUTHENTICATED} if the header is missing or
   *     malformed or the token is not acceptable
   * @throws dev.keyfob.problem.DependencyUnavailableException if a key set cannot be fetched
   */
  public Principal verifyAuthorizationHeader(String headerValue) {
    if (headerValue == null || headerValue.isBlank()) {
      throw reject("A bearer token is required.");
    }
    if (headerValue.length() > MAX_TOKEN_LENGTH + 64) {
      throw reject(TokenChecks.MALFORMED);
    }
    var matcher = BEARER.matcher(headerValue.strip());
    if (!matcher.matches()) {
      throw reject("The Authorization header must be \"Bearer <token>\".");
    }
    String token = matcher.group(1);
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw reject(TokenChecks.MALFORMED);
    }
    SignedJWT jwt = parse(token);
    String issuer = TokenChecks.claims(jwt).getIssuer();
    return mfaIssuer.equals(issuer) ? mfa.verify(jwt) : idp.verify(jwt);
  }

  @Override
  public String toString() {
    return "TokenVerifier[mfaIssuer=" + mfaIssuer + "]";
  }

  /** Parses a compact JWS after checking its header names an accepted algorithm. */
  private static SignedJWT parse(String token) {
    try {
      Base64URL[] parts = JOSEObject.split(token);
      if (parts.length != 3 || parts[2].toString().isEmpty()) {
        throw reject(TokenChecks.MALFORMED);
      }
      Algorithm alg = Header.parse(parts[0]).getAlgorithm();
      if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
        throw reject(TokenChecks.ALGORITHM);
      }
      return new SignedJWT(parts[0], parts[1], parts[2]);
    } catch (ParseException e) {
      throw reject(TokenChecks.MALFORMED);
    } catch (ProblemException e) {
      throw e;
    } catch (RuntimeException e) {
      // Whatever a crafted token makes the parser throw, it is the client's malformed input.
      throw reject(TokenChecks.MALFORMED);
    }
  }
}
