package dev.keyfob.local.adversarial;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.keyfob.http.Json;
import dev.keyfob.testkit.JwksServer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An identity provider the attacker tests fully control: an RSA 2048, an EC P-256 and a weak RSA
 * 1024 key, all published in a JWKS on a loopback port, and compact JWS built from raw header and
 * payload JSON, so a test can sign anything (or sign nothing) exactly as it wants. A sandbox
 * pointed at {@link #jwksUrl()} trusts the first two keys' signatures.
 */
final class TokenForge implements AutoCloseable {

  static final String ISSUER = "https://idp.forge.test";
  static final String AUDIENCE = "keyfob-forge";
  static final String RSA_KID = "forge-rsa";
  static final String EC_KID = "forge-ec";
  static final String WEAK_KID = "forge-weak";

  final RSAKey rsa;
  final ECKey ec;
  final RSAKey weak;
  private final JwksServer jwks;

  TokenForge() {
    try {
      rsa = rsaKey(2048, RSA_KID);
      weak = rsaKey(1024, WEAK_KID);
      ec = new ECKeyGenerator(Curve.P_256).keyID(EC_KID).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException | NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    jwks = new JwksServer(List.of(rsa, ec, weak));
  }

  private static RSAKey rsaKey(int bits, String kid) throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    KeyPair pair = g.generateKeyPair();
    return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
        .privateKey((RSAPrivateKey) pair.getPrivate()).keyID(kid).keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.RS256).build();
  }

  URL jwksUrl() {
    return jwks.url();
  }

  /** The settings that make a sandbox trust this identity provider. */
  Map<String, String> environment() {
    return Map.of("KEYFOB_IDP_JWKS_URL", jwksUrl().toString(), "KEYFOB_IDP_ISSUER", ISSUER,
        "KEYFOB_IDP_AUDIENCE", AUDIENCE);
  }

  /** The claims of a good first-factor token of userId in orgId, signed in now with a password. */
  static Map<String, Object> claims(Clock clock, String userId, String orgId, String role) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", ISSUER);
    c.put("aud", AUDIENCE);
    c.put("sub", userId);
    c.put("email", userId + "@forge.test");
    c.put("org_id", orgId);
    c.put("org_role", role);
    c.put("amr", List.of("pwd"));
    c.put("auth_time", now);
    c.put("iat", now);
    c.put("exp", now + 3600);
    c.put("jti", "j-" + now + "-" + System.nanoTime());
    return c;
  }

  static String header(String alg, String kid) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", alg);
    if (kid != null) {
      h.put("kid", kid);
    }
    h.put("typ", "JWT");
    return Json.write(h);
  }

  /** RS256 with the trusted RSA key. */
  String rs256(Map<String, Object> claims) {
    return signRsa(rsa, header("RS256", RSA_KID), Json.write(claims));
  }

  /** ES256 with the trusted EC key. */
  String es256(Map<String, Object> claims) {
    return signEc(ec, header("ES256", EC_KID), Json.write(claims));
  }

  static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static String signRsa(RSAKey key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      return input + "." + new RSASSASigner(key, true).sign(new JWSHeader(JWSAlgorithm.RS256),
          input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  static String signEc(ECKey key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      return input + "." + new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256),
          input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  /** HS256 over the header and payload with any bytes as the secret. */
  static String signHmac(byte[] secret, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    byte[] key = secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
    try {
      return input + "." + new MACSigner(key).sign(new JWSHeader(JWSAlgorithm.HS256),
          input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    jwks.close();
  }
}
