package dev.keyfob.token;

import static dev.keyfob.token.TokenChecks.reject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.problem.DependencyUnavailableException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Verifies identity-provider (first-factor) tokens against the provider's published JWKS.
 *
 * <p>Accepts RS256 (RSA keys of at least 2048 bits) and ES256 (P-256) only. {@code iss} must
 * equal the configured issuer exactly and {@code aud} must contain the configured audience
 * exactly. {@code exp}, {@code nbf}, {@code iat} and {@code auth_time} are checked against the
 * injected clock with a leeway of 60 seconds. Required claims: {@code sub}, {@code org_id} (both
 * 1-128 characters of {@code [A-Za-z0-9._@:+-]}), {@code org_role} ({@code "admin"} or {@code
 * "member"}), {@code amr} (array of strings), {@code auth_time} and {@code exp} (NumericDate, whole
 * seconds). Optional: {@code email}, {@code platform_role}, {@code jti} (strings), {@code pwd_set}
 * (boolean, default: {@code amr} contains {@code "pwd"}), {@code nbf}, {@code iat}.
 *
 * <p>The JWKS is fetched lazily on first use (constructing costs no network), with
 * {@value #CONNECT_TIMEOUT_MILLIS} ms connect and {@value #READ_TIMEOUT_MILLIS} ms read time-outs,
 * at most {@value #MAX_JWKS_BYTES} bytes, cached for {@value #CACHE_TTL_MILLIS} ms, and refreshed
 * early when a token names a key the cache lacks (at most twice per {@value
 * #REFRESH_RATE_LIMIT_MILLIS} ms, so tokens with made-up key ids cannot flood the provider). A
 * JWKS that cannot be fetched is {@link DependencyUnavailableException} ({@code
 * "identity-provider"}, 503); a key id still unknown after a refresh is 401.
 *
 * <p>Thread-safe; build one per execution environment and share it. Every rejection is a {@link
 * dev.keyfob.problem.ProblemException} of type {@code UNAUTHENTICATED} whose detail never repeats
 * the token or a claim value.
 */
public final class IdpTokenVerifier {

  /** Connect time-out of a JWKS fetch. */
  public static final int CONNECT_TIMEOUT_MILLIS = 1500;
  /** Read time-out of a JWKS fetch. */
  public static final int READ_TIMEOUT_MILLIS = 1500;
  /** Largest JWKS document accepted. */
  public static final int MAX_JWKS_BYTES = 64 * 1024;
  /** How long a fetched JWKS is used before it is fetched again. */
  public static final long CACHE_TTL_MILLIS = 5 * 60 * 1000L;
  /** Window in which at most two fetches happen, whatever the tokens say. */
  public static final long REFRESH_RATE_LIMIT_MILLIS = 30 * 1000L;
  /** How long a caller waits for a fetch another thread started. */
  private static final long REFRESH_WAIT_MILLIS = 3000L;

  private static final int MIN_RSA_BITS = 2048;

  private final URL jwksUrl;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final JWKSetSource<SecurityContext> keySets;

  /**
   * @param jwksUrl where the identity provider publishes its keys ({@code KEYFOB_IDP_JWKS_URL})
   * @param issuer expected {@code iss}, compared exactly
   * @param audience expected member of {@code aud}, compared exactly
   * @param clock source of "now" for the time claims
   * @throws IllegalArgumentException if issuer or audience is blank
   */
  public IdpTokenVerifier(URL jwksUrl, String issuer, String audience, Clock clock) {
    this.jwksUrl = Objects.requireNonNull(jwksUrl, "jwksUrl");
    this.issuer = requireText(issuer, "issuer");
    this.audience = requireText(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
    JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(jwksUrl,
            new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS,
                MAX_JWKS_BYTES))
        .cache(CACHE_TTL_MILLIS, REFRESH_WAIT_MILLIS)
        // No background refresh: Lambda freezes idle threads, and a SnapStart snapshot must not
        // carry a half-done fetch.
        .refreshAheadCache(false)
        .rateLimited(REFRESH_RATE_LIMIT_MILLIS)
        .retrying(false)
        .build();
    if (!(source instanceof JWKSetBasedJWKSource<SecurityContext> based)) {
      throw new AssertionError("JWKSourceBuilder without failover builds a JWKSetBasedJWKSource");
    }
    // The set source lets us tell "no key set at all" (503) from "set fetched, key not in it"
    // (401), which JWKSource.get folds together.
    this.keySets = based.getJWKSetSource();
  }

  /**
   * Fetches the identity provider's key set into the cache now, so the first sign-in does not
   * wait for it. Failures are left for {@link #verify} to report.
   */
  public void prefetch() {
    try {
      keySets.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(),
          null);
    } catch (KeySourceException unreachableForNow) {
      // verify() fetches again and answers 503 if it still cannot.
    }
  }

  /** The expected {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /**
   * Verifies signature and claims.
   *
   * @return the caller, of kind {@link TokenKind#IDENTITY_PROVIDER}
   * @throws dev.keyfob.problem.ProblemException {@code UNAUTHENTICATED} if the token is not
   *     acceptable
   * @throws DependencyUnavailableException if the JWKS cannot be fetched
   */
  public Principal verify(SignedJWT jwt) {
    Objects.requireNonNull(jwt, "jwt");
    JWSHeader header = jwt.getHeader();
    JWSAlgorithm alg = header.getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
      throw reject(TokenChecks.ALGORITHM);
    }
    JWKSelector selector = new JWKSelector(matcher(alg, header.getKeyID()));
    List<JWK> candidates = candidates(selector);
    if (candidates.isEmpty()) {
      throw reject(TokenChecks.UNKNOWN_KEY);
    }
    if (!verifiedByAny(jwt, candidates)) {
      throw reject(TokenChecks.BAD_SIGNATURE);
    }
    JWTClaimsSet claims = TokenChecks.claims(jwt);
    TokenChecks.requireIssuer(claims, issuer);
    TokenChecks.requireAudience(claims, audience);
    return TokenChecks.principal(TokenKind.IDENTITY_PROVIDER, claims, clock);
  }

  @Override
  public String toString() {
    return "IdpTokenVerifier[issuer=" + issuer + ", jwks=" + jwksUrl + "]";
  }

  private static JWKMatcher matcher(JWSAlgorithm alg, String kid) {
    JWKMatcher.Builder m = new JWKMatcher.Builder()
        .keyUses(KeyUse.SIGNATURE, null)
        .algorithms(alg, null);
    if (kid != null) {
      m.keyID(kid);
    }
    if (JWSAlgorithm.RS256.equals(alg)) {
      m.keyType(KeyType.RSA);
    } else {
      m.keyType(KeyType.EC).curve(Curve.P_256);
    }
    return m.build();
  }

  /** Keys that may have signed the token: from the cached set, else from one refresh. */
  private List<JWK> candidates(JWKSelector selector) {
    long now = System.currentTimeMillis();
    JWKSet cached;
    try {
      cached = keySets.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
    } catch (KeySourceException e) {
      throw new DependencyUnavailableException("identity-provider", e);
    }
    List<JWK> found = selector.select(cached);
    if (!found.isEmpty()) {
      return found;
    }
    try {
      JWKSet refreshed = keySets.getJWKSet(
          JWKSetCacheRefreshEvaluator.referenceComparison(cached), now, null);
      return selector.select(refreshed);
    } catch (RateLimitReachedException e) {
      // The set was fetched moments ago and lacks the key: the key is unknown, not unreachable.
      return List.of();
    } catch (KeySourceException e) {
      throw new DependencyUnavailableException("identity-provider", e);
    }
  }

  private static boolean verifiedByAny(SignedJWT jwt, List<JWK> candidates) {
    for (JWK key : candidates) {
      try {
        JWSVerifier verifier;
        if (key instanceof RSAKey rsa) {
          if (rsa.size() < MIN_RSA_BITS) {
            continue;
          }
          verifier = new RSASSAVerifier(rsa);
        } else if (key instanceof ECKey ec) {
          verifier = new ECDSAVerifier(ec);
        } else {
          continue;
        }
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException | RuntimeException e) {
        // A key that cannot verify this token (wrong shape, bad point) is simply not its signer.
      }
    }
    return false;
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
