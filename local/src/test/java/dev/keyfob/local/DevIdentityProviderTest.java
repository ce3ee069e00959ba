package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevIdentityProviderTest {

  private static final Instant NOW = Instant.parse("2026-11-28T22:10:00Z");
  private final DevIdentityProvider idp = new DevIdentityProvider(
      "http://localhost:3000/dev", "keyfob-local", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void tokenCarriesEveryRequestedClaimAndVerifiesWithThePublishedKey() throws Exception {
    String token = idp.issue(DevTokenRequest.builder("alice", "acme", "admin")
        .email("alice@acme.test").amr("pwd", "google").authTimeSecondsAgo(120)
        .pwdSet(true).platformRole("support").expiresInSeconds(600).build());
    SignedJWT jwt = SignedJWT.parse(token);
    assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
    assertEquals(idp.keyId(), jwt.getHeader().getKeyID());
    RSAKey key = (RSAKey) JWKSet.parse(idp.jwkSetJson()).getKeyByKeyId(idp.keyId());
    assertFalse(key.isPrivate(), "the JWK set holds only the public key");
    assertTrue(jwt.verify(new RSASSAVerifier(key)));

    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertEquals("http://localhost:3000/dev", c.getIssuer());
    assertEquals(List.of("keyfob-local"), c.getAudience());
    assertEquals("alice", c.getSubject());
    assertEquals("alice@acme.test", c.getStringClaim("email"));
    assertEquals("acme", c.getStringClaim("org_id"));
    assertEquals("admin", c.getStringClaim("org_role"));
    assertEquals(List.of("pwd", "google"), c.getStringListClaim("amr"));
    assertEquals(NOW.getEpochSecond() - 120, c.getLongClaim("auth_time"));
    assertEquals(Boolean.TRUE, c.getBooleanClaim("pwd_set"));
    assertEquals("support", c.getStringClaim("platform_role"));
    assertEquals(NOW, c.getIssueTime().toInstant());
    assertEquals(NOW.plusSeconds(600), c.getExpirationTime().toInstant());
    assertNotNull(c.getJWTID());
  }

  @Test
  void es256TokensVerifyWithThePublishedP256Key() throws Exception {
    DevIdentityProvider es = new DevIdentityProvider("http://localhost:3000/dev", "keyfob-local",
        Clock.fixed(NOW, ZoneOffset.UTC), JWSAlgorithm.ES256);
    assertEquals(JWSAlgorithm.ES256, es.algorithm());
    SignedJWT jwt = SignedJWT.parse(es.issue(
        DevTokenRequest.builder("alice", "acme", "admin").build()));
    assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
    assertEquals(es.keyId(), jwt.getHeader().getKeyID());
    ECKey key = (ECKey) JWKSet.parse(es.jwkSetJson()).getKeyByKeyId(es.keyId());
    assertEquals(Curve.P_256, key.getCurve());
    assertFalse(key.isPrivate(), "the JWK set holds only the public key");
    assertTrue(jwt.verify(new ECDSAVerifier(key)));
    assertFalse(jwt.verify(new ECDSAVerifier(
        new ECKeyGenerator(Curve.P_256).generate().toPublicJWK())),
        "another P-256 key does not verify it");
    assertEquals("alice", jwt.getJWTClaimsSet().getSubject());
  }

  @Test
  void theAlgorithmSettingTakesRs256OrEs256AndNothingElse() {
    assertEquals(JWSAlgorithm.RS256, DevIdentityProvider.algorithmOf(null), "the default");
    assertEquals(JWSAlgorithm.RS256, DevIdentityProvider.algorithmOf("RS256"));
    assertEquals(JWSAlgorithm.ES256, DevIdentityProvider.algorithmOf("ES256"));
    for (String bad : List.of("", "es256", "HS256", "none", "RS512", "EdDSA", " ES256")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DevIdentityProvider.algorithmOf(bad), bad);
      assertEquals("KEYFOB_DEV_IDP_ALGORITHM must be RS256 or ES256", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new DevIdentityProvider("i", "a",
        Clock.systemUTC(), JWSAlgorithm.HS256));
  }

  @Test
  void optionalClaimsHaveTheirDefaults() throws Exception {
    JWTClaimsSet c = SignedJWT.parse(idp.issue(
        DevTokenRequest.builder("bob", "acme", "member").build())).getJWTClaimsSet();
    assertEquals("bob@example.com", c.getStringClaim("email"));
    assertEquals(NOW.getEpochSecond(), c.getLongClaim("auth_time"));
    assertNull(c.getClaim("pwd_set"), "pwd_set only when asked for");
    assertNull(c.getClaim("platform_role"), "platform_role only when asked for");
    assertEquals(NOW.plusSeconds(3600), c.getExpirationTime().toInstant());
  }

  @Test
  void everyTokenHasItsOwnJti() throws Exception {
    DevTokenRequest r = DevTokenRequest.builder("bob", "acme", "member").build();
    assertFalse(SignedJWT.parse(idp.issue(r)).getJWTClaimsSet().getJWTID()
        .equals(SignedJWT.parse(idp.issue(r)).getJWTClaimsSet().getJWTID()));
  }

  @Test
  void negativeLifetimeGivesAnAlreadyExpiredToken() throws Exception {
    JWTClaimsSet c = SignedJWT.parse(idp.issue(DevTokenRequest.builder("bob", "acme", "member")
        .expiresInSeconds(-120).build())).getJWTClaimsSet();
    assertEquals(NOW.minusSeconds(120), c.getExpirationTime().toInstant());
  }

  @Test
  void tokenEndpointValidatesItsInputWithSpecificDetails() {
    assertDetail("{", "not valid JSON");
    assertDetail("[]", "must be a JSON object");
    assertDetail("", "must be a JSON object");
    assertDetail("{\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[]}", "sub is required");
    assertDetail("{\"sub\":\"a\",\"role\":\"admin\",\"amr\":[]}", "orgId is required");
    assertDetail("{\"sub\":\"a\",\"orgId\":\"acme\",\"amr\":[]}", "role is required");
    assertDetail("{\"sub\":\"a\",\"orgId\":\"acme\",\"role\":\"admin\"}", "amr is required");
    assertDetail("{\"sub\":\"a\",\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":\"pwd\"}",
        "amr must be an array");
    assertDetail("{\"sub\":\"a\",\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[1]}",
        "amr must be an array of strings");
    assertDetail("{\"sub\":5,\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[]}",
        "sub must be a string");
    assertDetail("{\"sub\":\"a\",\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[],"
        + "\"expiresInSeconds\":1.5}", "expiresInSeconds must be a whole number");
    assertDetail("{\"sub\":\"a\",\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[],"
        + "\"pwdSet\":\"yes\"}", "pwdSet must be true or false");
    assertDetail("{\"sub\":\"\",\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[]}",
        "sub is required");
  }

  @Test
  void tokenEndpointIgnoresUnknownFields() {
    LocalResponse r = idp.respond(post("{\"sub\":\"a\",\"orgId\":\"o\",\"role\":\"member\","
        + "\"amr\":[\"sso\"],\"colour\":\"blue\"}"), DevIdentityProvider.TOKEN_PATH);
    assertEquals(200, r.status());
  }

  @Test
  void builderRequiresTheMandatoryFields() {
    assertThrows(IllegalArgumentException.class,
        () -> DevTokenRequest.builder(" ", "acme", "admin").build());
    assertThrows(IllegalArgumentException.class,
        () -> DevTokenRequest.builder("a", null, "admin").build());
  }

  private void assertDetail(String body, String expected) {
    LocalResponse r = idp.respond(post(body), DevIdentityProvider.TOKEN_PATH);
    assertEquals(400, r.status(), body);
    assertEquals(List.of("application/problem+json"), r.headers().get("Content-Type"));
    Map<String, Object> problem =
        LocalJson.parseObject(new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("INVALID_REQUEST", problem.get("code"));
    assertEquals("https://keyfob.dev/problems/invalid-request", problem.get("type"));
    assertEquals(400, problem.get("status"));
    assertTrue(((String) problem.get("detail")).contains(expected),
        body + " -> " + problem.get("detail"));
  }

  private static LocalRequest post(String body) {
    return new LocalRequest("POST", DevIdentityProvider.TOKEN_PATH, "",
        Map.of("content-type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", 3000);
  }
}
