package dev.keyfob.token;

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
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider for tests: an RSA and an EC signing key, a JWKS served over HTTP on a
 * loopback port, and helpers to mint tokens with any claims, algorithm and key.
 */
final class TestIdentityProvider implements AutoCloseable {

  static final String ISSUER = "https://idp.example.test";
  static final String AUDIENCE = "keyfob-api";
  static final String RSA_KID = "idp-rsa-1";
  static final String EC_KID = "idp-ec-1";

  final RSAKey rsa;
  final ECKey ec;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;

  TestIdentityProvider() {
    try {
      rsa = new RSAKeyGenerator(2048).keyID(RSA_KID).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256).generate();
      ec = new ECKeyGenerator(Curve.P_256).keyID(EC_KID).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    published.add(rsa.toPublicJWK());
    published.add(ec.toPublicJWK());
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks.json", exchange -> {
      requests.incrementAndGet();
      byte[] body = new JWKSet(new ArrayList<>(published)).toString(true)
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  URL jwksUrl() {
    try {
      return new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many times the JWKS was fetched. */
  int requests() {
    return requests.get();
  }

  /** Adds a public key to the published set. */
  void publish(JWK key) {
    published.add(key.toPublicJWK());
  }

  /** Claims of a typical valid token at {@code now}. */
  static JWTClaimsSet.Builder claims(Instant now) {
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

  String rs256(JWTClaimsSet claims) {
    return sign(JWSAlgorithm.RS256, RSA_KID, rsaSigner(rsa), claims);
  }

  String es256(JWTClaimsSet claims) {
    return sign(JWSAlgorithm.ES256, EC_KID, ecSigner(ec), claims);
  }

  static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static JWSSigner ecSigner(ECKey key) {
    try {
      return new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
