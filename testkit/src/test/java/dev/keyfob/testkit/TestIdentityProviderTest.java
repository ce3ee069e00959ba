package dev.keyfob.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestIdentityProviderTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T22:00:00Z"));
  private final TestIdentityProvider idp = TestIdentityProvider.start(clock);

  @AfterEach
  void tearDown() {
    idp.close();
  }

  @Test
  void theJwksServesBothPublicKeysAndNoPrivateHalf() throws Exception {
    JWKSet set = JWKSet.load(idp.jwksUrl());
    assertEquals(List.of(TestIdentityProvider.RSA_KID, TestIdentityProvider.EC_KID),
        set.getKeys().stream().map(JWK::getKeyID).toList());
    assertFalse(set.getKeys().stream().anyMatch(JWK::isPrivate));
    assertEquals(1, idp.requests());
  }

  @Test
  void publishedKeysAppearOnTheNextFetch() throws Exception {
    JWK next = new ECKeyGenerator(Curve.P_256).keyID("idp-ec-2").generate();
    idp.publish(next);
    JWK served = JWKSet.load(idp.jwksUrl()).getKeyByKeyId("idp-ec-2");
    assertEquals(next.toPublicJWK(), served);
  }

  @Test
  void aBuiltTokenIsSignedByThePublishedRsaKeyWithTheClaimsAsked() throws Exception {
    clock.advance(Duration.ofMinutes(10));
    SignedJWT jwt = SignedJWT.parse(idp.token("bo", "acme").admin().amr("sso")
        .signedInAgo(Duration.ofMinutes(2)).pwdSet(false).support().sign());

    assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
    assertEquals(TestIdentityProvider.RSA_KID, jwt.getHeader().getKeyID());
    JWK key = JWKSet.load(idp.jwksUrl()).getKeyByKeyId(TestIdentityProvider.RSA_KID);
    assertTrue(jwt.verify(new RSASSAVerifier(key.toRSAKey())));
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertEquals(TestIdentityProvider.ISSUER, claims.getIssuer());
    assertEquals(List.of(TestIdentityProvider.AUDIENCE), claims.getAudience());
    assertEquals("bo", claims.getSubject());
    assertEquals("bo@example.com", claims.getStringClaim("email"));
    assertEquals("acme", claims.getStringClaim("org_id"));
    assertEquals("admin", claims.getStringClaim("org_role"));
    assertEquals(List.of("sso"), claims.getStringListClaim("amr"));
    assertEquals(false, claims.getBooleanClaim("pwd_set"));
    assertEquals("support", claims.getStringClaim("platform_role"));
    assertEquals(clock.instant(), claims.getIssueTime().toInstant());
    assertEquals(clock.instant().plus(Duration.ofHours(1)),
        claims.getExpirationTime().toInstant());
    assertEquals(clock.instant().minus(Duration.ofMinutes(2)).getEpochSecond(),
        claims.getLongClaim("auth_time"));
  }

  @Test
  void es256SignsWithThePublishedEcKey() throws Exception {
    SignedJWT jwt = SignedJWT.parse(
        idp.es256(TestIdentityProvider.claims(clock.instant()).build()));
    assertEquals(TestIdentityProvider.EC_KID, jwt.getHeader().getKeyID());
    JWK key = JWKSet.load(idp.jwksUrl()).getKeyByKeyId(TestIdentityProvider.EC_KID);
    assertTrue(jwt.verify(new ECDSAVerifier(key.toECKey())));
  }
}
