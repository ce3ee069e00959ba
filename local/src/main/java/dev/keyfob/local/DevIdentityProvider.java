package dev.keyfob.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The local API's development identity provider (local mode only, never deployed): signs
 * identity-provider tokens with the process's key, and publishes the public key.
 *
 * <p>Over HTTP: {@code POST /dev/token} with a {@link DevTokenRequest} body answers
 * {@code {"token"}}; {@code GET /dev/jwks.json} answers the JWK set that the local API uses as
 * {@code KEYFOB_IDP_JWKS_URL}. Tokens are JWTs with {@code kid}, {@code typ: JWT} and the
 * claims of the contract: {@code iss}, {@code aud}, {@code sub}, {@code email}, {@code org_id},
 * {@code org_role}, {@code amr}, {@code auth_time}, {@code pwd_set} and {@code platform_role}
 * (when asked for), {@code iat}, {@code exp}, {@code jti}. All times are whole epoch seconds
 * from the injected clock.
 *
 * <p>They are signed with RS256 (an RSA 2048 key), as most identity providers sign, or with
 * ES256 (a P-256 key) when {@value #ALGORITHM_SETTING} says so: the two algorithms keyfob
 * accepts from an identity provider.
 *
 * <p>Thread-safe. The private key never leaves this object.
 */
public final class DevIdentityProvider {

  /** Path of the token endpoint. */
  public static final String TOKEN_PATH = "/dev/token";

  /** Path of the JWK set. */
  public static final String JWKS_PATH = "/dev/jwks.json";

  /** The local setting that picks the algorithm: {@code RS256} (default) or {@code ES256}. */
  public static final String ALGORITHM_SETTING = "KEYFOB_DEV_IDP_ALGORITHM";

  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final JWSAlgorithm algorithm;
  private final JWK key;
  private final JWSSigner signer;
  private final String jwkSetJson;

  /**
   * A provider signing with RS256 and the process's RSA key (see {@link ProcessKeys}).
   *
   * @param issuer {@code iss} of every token, i.e. {@code KEYFOB_IDP_ISSUER}
   * @param audience {@code aud} of every token, i.e. {@code KEYFOB_IDP_AUDIENCE}
   * @param clock source of {@code iat}, {@code exp} and {@code auth_time}
   */
  public DevIdentityProvider(String issuer, String audience, Clock clock) {
    this(issuer, audience, clock, JWSAlgorithm.RS256);
  }

  /**
   * A provider signing with {@code algorithm} and the process's key for it.
   *
   * @param algorithm {@link JWSAlgorithm#RS256} or {@link JWSAlgorithm#ES256}
   * @throws IllegalArgumentException for any other algorithm
   */
  public DevIdentityProvider(String issuer, String audience, Clock clock,
      JWSAlgorithm algorithm) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.key = ProcessKeys.forAlgorithm(algorithm);
    try {
      this.signer = key instanceof RSAKey rsa
          ? new RSASSASigner(rsa)
          : new ECDSASigner((ECKey) key);
    } catch (JOSEException e) {
      throw new IllegalStateException("the dev identity provider's key cannot sign", e);
    }
    this.jwkSetJson = new JWKSet(key.toPublicJWK()).toString();
  }

  /**
   * The algorithm a {@value #ALGORITHM_SETTING} value names.
   *
   * @param setting the value, or null for the default, RS256
   * @throws IllegalArgumentException naming the setting, for anything but RS256 or ES256
   */
  public static JWSAlgorithm algorithmOf(String setting) {
    if (setting == null || setting.equals("RS256")) {
      return JWSAlgorithm.RS256;
    }
    if (setting.equals("ES256")) {
      return JWSAlgorithm.ES256;
    }
    throw new IllegalArgumentException(ALGORITHM_SETTING + " must be RS256 or ES256");
  }

  /**
   * The signing keys, one per algorithm, each made on first use and kept for the life of the
   * process, as an identity provider keeps its key across restarts of an application. Making an
   * RSA key is the costliest step of starting a local API (about a second of CPU), and the
   * tests start dozens in one JVM. Two local APIs of one process still refuse each other's
   * tokens: by default each names its own port in its issuer.
   */
  private static final class ProcessKeys {
    private static final ConcurrentMap<JWSAlgorithm, JWK> KEYS = new ConcurrentHashMap<>();

    static JWK forAlgorithm(JWSAlgorithm algorithm) {
      return KEYS.computeIfAbsent(algorithm, ProcessKeys::generate);
    }

    private static JWK generate(JWSAlgorithm algorithm) {
      try {
        if (JWSAlgorithm.RS256.equals(algorithm)) {
          return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
              .keyIDFromThumbprint(true).generate();
        }
        if (JWSAlgorithm.ES256.equals(algorithm)) {
          return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
              .keyIDFromThumbprint(true).generate();
        }
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot generate the dev identity provider's key", e);
      }
      throw new IllegalArgumentException(
          "the dev identity provider signs with RS256 or ES256, not " + algorithm);
    }
  }

  /** The algorithm of every token. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The {@code kid} of the signing key. */
  public String keyId() {
    return key.getKeyID();
  }

  /** The public JWK set, as served at {@link #JWKS_PATH}. */
  public String jwkSetJson() {
    return jwkSetJson;
  }

  /** A signed token for {@code request}, as {@code POST /dev/token} would give. */
  public String issue(DevTokenRequest request) {
    Instant now = clock.instant();
    long nowSeconds = now.getEpochSecond();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(request.sub())
        .claim("email", request.emailOrDefault())
        .claim("org_id", request.orgId())
        .claim("org_role", request.role())
        .claim("amr", request.amr())
        .claim("auth_time", nowSeconds - request.authTimeSecondsAgo());
    if (request.pwdSet() != null) {
      claims.claim("pwd_set", request.pwdSet());
    }
    if (request.platformRole() != null) {
      claims.claim("platform_role", request.platformRole());
    }
    claims.issueTime(new Date(nowSeconds * 1000))
        .expirationTime(new Date((nowSeconds + request.expiresInSeconds()) * 1000))
        .jwtID(UUID.randomUUID().toString());
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
            .type(JOSEObjectType.JWT).build(),
        claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a dev token failed", e);
    }
    return jwt.serialize();
  }

  /**
   * Answers a request to {@link #TOKEN_PATH} or {@link #JWKS_PATH}.
   *
   * @return the response, or null when the path is not one of the two
   */
  LocalResponse respond(LocalRequest request, String path) {
    if (path.equals(JWKS_PATH)) {
      if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
        return methodNotAllowed("GET");
      }
      return LocalResponse.json(200, jwkSetJson);
    }
    if (path.equals(TOKEN_PATH)) {
      if (!request.method().equals("POST")) {
        return methodNotAllowed("POST");
      }
      DevTokenRequest tokenRequest;
      try {
        tokenRequest = DevTokenRequest.fromJson(
            LocalJson.parseObject(new String(request.body(), StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException e) {
        return LocalProblems.of(ProblemType.INVALID_REQUEST, e.getMessage());
      }
      return LocalResponse.json(200, LocalJson.write(Map.of("token", issue(tokenRequest))));
    }
    return null;
  }

  private static LocalResponse methodNotAllowed(String allowed) {
    return LocalProblems.of(ProblemType.METHOD_NOT_ALLOWED, "Use " + allowed + " on this path.")
        .withHeader("Allow", allowed);
  }
}
