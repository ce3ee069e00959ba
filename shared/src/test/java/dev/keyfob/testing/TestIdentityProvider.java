package dev.keyfob.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A host application's identity provider for tests: an RSA key, its JWKS served on a loopback
 * port, and a builder for first-factor tokens with the contract's claims. Times come from the
 * given clock, so tokens stay valid as tests move time.
 */
public final class TestIdentityProvider implements AutoCloseable {

  public static final String ISSUER = "https://idp.test.keyfob.dev";
  public static final String AUDIENCE = "keyfob-test-app";

  private static final RSAKey KEY = generate();

  private final HttpServer server;
  private final Clock clock;

  private TestIdentityProvider(HttpServer server, Clock clock) {
    this.server = server;
    this.clock = clock;
  }

  public static TestIdentityProvider start(Clock clock) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString(true)
          .getBytes(StandardCharsets.UTF_8);
      server.createContext("/jwks.json", exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, jwks.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(jwks);
        }
      });
      server.start();
      return new TestIdentityProvider(server, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI jwksUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
  }

  /** A member's token signed in with a password just now. */
  public Token token(String userId, String orgId) {
    return new Token(userId, orgId);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID("test-idp-1").generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** Builder of one identity-provider token. */
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
      try {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(KEY.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new AssertionError(e);
      }
    }
  }
}
