package dev.keyfob.testkit;

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
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A host application's identity provider for tests: an RSA and an EC signing key, their JWKS
 * served on a loopback port, a builder for first-factor tokens with the claims keyfob reads
 * ({@link #token}), and lower-level helpers to sign any claims with any algorithm and key
 * ({@link #claims}, {@link #sign}). Token times come from the given clock, so tokens stay valid
 * as tests move time.
 *
 * <p>The two keys are made once per JVM (an RSA key takes a while) and shared by every instance;
 * each instance has its own JWKS server. Thread-safe.
 */
public final class TestIdentityProvider implements AutoCloseable {

  public static final String ISSUER = "https://idp.example.test";
  public static final String AUDIENCE = "keyfob-api";
  public static final String RSA_KID = "idp-rsa-1";
  public static final String EC_KID = "idp-ec-1";

  private static final RSAKey RSA = rsaKey();
  private static final ECKey EC = ecKey();

  /** The RS256 signing key, published in the JWKS. */
  public final RSAKey rsa = RSA;
  /** The ES256 signing key, published in the JWKS. */
  public final ECKey ec = EC;

  private final Clock clock;
  private final JwksServer jwks = new JwksServer(List.of(RSA, EC));

  /** An identity provider on the system clock. */
  public TestIdentityProvider() {
    this(Clock.systemUTC());
  }

  private TestIdentityProvider(Clock clock) {
    this.clock = clock;
  }

  /** An identity provider whose tokens are issued at {@code clock}'s time. */
  public static TestIdentityProvider start(Clock clock) {
    return new TestIdentityProvider(clock);
  }

  public URL jwksUrl() {
    return jwks.url();
  }

  /** How many times the JWKS was fetched. */
  public int requests() {
    return jwks.requests();
  }

  /** Adds a public key to the published set. */
  public void publish(JWK key) {
    jwks.publish(key);
  }

  /** A token of a member who signed in with a password just now; change it before signing. */
  public Token token(String userId, String orgId) {
    return new Token(userId, orgId);
  }

  /** Claims of a typical valid token at {@code now}: alice@example.com, admin of acme. */
  public static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("alice@example.com")
        .claim("email", "alice@example.com")
        .claim("org_id", "acme")
        .claim("org_role", "admin")
        .claim("amr", List.of("pwd"))
        .claim("auth_time", now.minusSeconds(120).getEpochSecond())
        .issueTime(Date.from(now.minusSeconds(10)))
        .expirationTime(Date.from(now.plusSeconds(3600)))
        .jwtID("idp-token-1");
  }

  /** {@code claims} signed RS256 with the published RSA key. */
  public String rs256(JWTClaimsSet claims) {
    return sign(JWSAlgorithm.RS256, RSA_KID, rsaSigner(rsa), claims);
  }

  /** {@code claims} signed ES256 with the published EC key. */
  public String es256(JWTClaimsSet claims) {
    return sign(JWSAlgorithm.ES256, EC_KID, ecSigner(ec), claims);
  }

  /** A compact JWS of {@code claims} with this header algorithm and key id (null: none). */
  public static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  public static JWSSigner ecSigner(ECKey key) {
    try {
      return new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JWSSigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    jwks.close();
  }

  private static RSAKey rsaKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(RSA_KID).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).generate();
    } catch (JOSEException e) {
      throw new AssertionError("RSA 2048 key generation is always available", e);
    }
  }

  private static ECKey ecKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(EC_KID).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException e) {
      throw new AssertionError("P-256 key generation is always available", e);
    }
  }

  /** Builder of one identity-provider token, signed RS256 at the provider's clock. */
  public final class Token {
    private final String userId;
    private final String orgId;
    private String email;
    private String role = "member";
    private final List<String> amr = new ArrayList<>(List.of("pwd"));
    private Duration authAge = Duration.ZERO;
    private Boolean pwdSet;
    private String platformRole;
    private Duration lifetime = Duration.ofHours(1);
    private String issuer = ISSUER;
    private String audience = AUDIENCE;

    private Token(String userId, String orgId) {
      this.userId = userId;
      this.orgId = orgId;
      this.email = userId + "@example.com";
    }

    public Token admin() {
      role = "admin";
      return this;
    }

    public Token role(String r) {
      role = r;
      return this;
    }

    public Token email(String e) {
      email = e;
      return this;
    }

    /** Replaces the sign-in methods, e.g. {@code amr("sso")}. */
    public Token amr(String... methods) {
      amr.clear();
      amr.addAll(List.of(methods));
      return this;
    }

    public Token signedInAgo(Duration age) {
      authAge = age;
      return this;
    }

    public Token pwdSet(boolean set) {
      pwdSet = set;
      return this;
    }

    public Token support() {
      platformRole = "support";
      return this;
    }

    public Token lifetime(Duration d) {
      lifetime = d;
      return this;
    }

    public Token issuer(String i) {
      issuer = i;
      return this;
    }

    public Token audience(String a) {
      audience = a;
      return this;
    }

    public String sign() {
      Instant now = clock.instant();
      JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
          .issuer(issuer)
          .audience(audience)
          .subject(userId)
          .issueTime(Date.from(now))
          .expirationTime(Date.from(now.plus(lifetime)))
          .jwtID(UUID.randomUUID().toString())
          .claim("org_id", orgId)
          .claim("org_role", role)
          .claim("amr", List.copyOf(amr))
          .claim("auth_time", now.minus(authAge).getEpochSecond());
      if (email != null) {
        claims.claim("email", email);
      }
      if (pwdSet != null) {
        claims.claim("pwd_set", pwdSet);
      }
      if (platformRole != null) {
        claims.claim("platform_role", platformRole);
      }
      return rs256(claims.build());
    }
  }
}
