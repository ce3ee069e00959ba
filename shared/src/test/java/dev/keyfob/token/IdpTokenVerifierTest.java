package dev.keyfob.token;

import static dev.keyfob.testkit.TestIdentityProvider.AUDIENCE;
import static dev.keyfob.testkit.TestIdentityProvider.ISSUER;
import static dev.keyfob.token.Problems.assertUnauthenticated;
import static dev.keyfob.token.Problems.assertUnavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.testkit.TestIdentityProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdpTokenVerifierTest {

  private final MutableClock clock = new MutableClock(TestTimes.START);
  private TestIdentityProvider idp;
  private IdpTokenVerifier verifier;

  @BeforeEach
  void setUp() {
    idp = new TestIdentityProvider();
    verifier = new IdpTokenVerifier(idp.jwksUrl(), ISSUER, AUDIENCE, clock);
  }

  @AfterEach
  void tearDown() {
    idp.close();
  }

  private Instant now() {
    return clock.instant();
  }

  private Principal verify(String token) throws Exception {
    return verifier.verify(SignedJWT.parse(token));
  }

  @Test
  void validRs256TokenIsAcceptedWithEveryClaimMapped() throws Exception {
    JWTClaimsSet claims = TestIdentityProvider.claims(now())
        .claim("amr", List.of("pwd", "google"))
        .claim("platform_role", "support")
        .claim("pwd_set", true)
        .build();
    Principal p = verify(idp.rs256(claims));
    assertEquals(TokenKind.IDENTITY_PROVIDER, p.kind());
    assertEquals("alice@example.com", p.userId());
    assertEquals("alice@example.com", p.email());
    assertEquals("acme", p.orgId());
    assertEquals(OrgRole.ADMIN, p.orgRole());
    assertEquals(List.of("pwd", "google"), p.amr());
    assertEquals(now().minusSeconds(120), p.authTime());
    assertTrue(p.pwdSet());
    assertEquals("support", p.platformRole());
    assertEquals(now().minusSeconds(10), p.issuedAt());
    assertEquals(now().plusSeconds(3600), p.expiresAt());
    assertNull(p.factorVersion());
    assertEquals("idp-token-1", p.tokenId());
    assertTrue(p.admin() && p.support() && p.signedInWithPassword() && !p.mfa() && !p.exempt());
  }

  @Test
  void validEs256TokenIsAccepted() throws Exception {
    JWTClaimsSet claims = TestIdentityProvider.claims(now())
        .claim("org_role", "member").claim("amr", List.of("sso")).build();
    Principal p = verify(idp.es256(claims));
    assertEquals(OrgRole.MEMBER, p.orgRole());
    assertTrue(p.exempt());
  }

  @Test
  void tokenWithoutKidIsVerifiedAgainstKeysOfItsType() throws Exception {
    SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.ES256),
        TestIdentityProvider.claims(now()).build());
    jwt.sign(TestIdentityProvider.ecSigner(idp.ec));
    assertEquals("acme", verify(jwt.serialize()).orgId());
  }

  @Test
  void pwdSetDefaultsToWhetherAmrContainsPwd() throws Exception {
    assertTrue(verify(idp.rs256(TestIdentityProvider.claims(now()).build())).pwdSet());
    assertFalse(verify(idp.rs256(TestIdentityProvider.claims(now())
        .claim("amr", List.of("google")).build())).pwdSet());
  }

  @Test
  void explicitPwdSetOverridesTheDefault() throws Exception {
    Principal p = verify(idp.rs256(TestIdentityProvider.claims(now())
        .claim("amr", List.of("magic_link")).claim("pwd_set", true).build()));
    assertTrue(p.pwdSet());
    assertFalse(p.signedInWithPassword());
  }

  @Test
  void optionalClaimsMayBeAbsent() throws Exception {
    Principal p = verify(idp.rs256(TestIdentityProvider.claims(now())
        .claim("email", null).jwtID(null).issueTime(null).build()));
    assertNull(p.email());
    assertNull(p.platformRole());
    assertNull(p.tokenId());
    assertEquals(p.authTime(), p.issuedAt(), "without iat, auth_time stands in (the older time)");
  }

  @Test
  void tokenSignedByAnUnknownKeyIsRejectedAsUnknownKey() throws Exception {
    ECKey rogue = new ECKeyGenerator(Curve.P_256).keyID("rogue").generate();
    String token = TestIdentityProvider.sign(JWSAlgorithm.ES256, "rogue",
        TestIdentityProvider.ecSigner(rogue), TestIdentityProvider.claims(now()).build());
    assertUnauthenticated("The token's signing key is not known.", () -> verify(token));
  }

  @Test
  void tokenSignedByAnotherKeyUnderAPublishedKidIsRejectedAsBadSignature() throws Exception {
    ECKey impostor = new ECKeyGenerator(Curve.P_256).generate();
    String token = TestIdentityProvider.sign(JWSAlgorithm.ES256, TestIdentityProvider.EC_KID,
        TestIdentityProvider.ecSigner(impostor), TestIdentityProvider.claims(now()).build());
    assertUnauthenticated("The token's signature is not valid.", () -> verify(token));
  }

  @Test
  void editedPayloadWithTheOriginalSignatureIsRejected() throws Exception {
    String token = idp.rs256(TestIdentityProvider.claims(now()).claim("org_role", "member")
        .build());
    String[] parts = token.split("\\.");
    String payload = new String(new Base64URL(parts[1]).decode(), StandardCharsets.UTF_8)
        .replace("\"member\"", "\"admin\"");
    String edited = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
    assertUnauthenticated("The token's signature is not valid.", () -> verify(edited));
  }

  @Test
  void wrongIssuerIsRejected() {
    String token = idp.rs256(TestIdentityProvider.claims(now())
        .issuer("https://idp.example.test/other").build());
    assertUnauthenticated("The token was not issued by a trusted issuer.", () -> verify(token));
  }

  @Test
  void wrongAudienceIsRejected() {
    String token = idp.rs256(TestIdentityProvider.claims(now()).audience("another-api").build());
    assertUnauthenticated("The token is not meant for this service.", () -> verify(token));
  }

  @Test
  void audienceListContainingOursIsAccepted() throws Exception {
    String token = idp.rs256(TestIdentityProvider.claims(now())
        .audience(List.of("another-api", AUDIENCE)).build());
    assertEquals("acme", verify(token).orgId());
  }

  @Test
  void expiredBeyondTheLeewayIsRejected() {
    String token = idp.rs256(TestIdentityProvider.claims(now())
        .expirationTime(Date.from(now().minusSeconds(61))).build());
    assertUnauthenticated("The token has expired.", () -> verify(token));
  }

  @Test
  void expiredWithinTheLeewayIsAccepted() throws Exception {
    String token = idp.rs256(TestIdentityProvider.claims(now())
        .expirationTime(Date.from(now().minusSeconds(59))).build());
    assertEquals(now().minusSeconds(59), verify(token).expiresAt());
  }

  @Test
  void tokenExpiresAsTheInjectedClockMoves() throws Exception {
    String token = idp.rs256(TestIdentityProvider.claims(now()).build());
    verify(token);
    clock.advance(java.time.Duration.ofSeconds(3600 + 61));
    assertUnauthenticated("The token has expired.", () -> verify(token));
  }

  @Test
  void notBeforeInTheFutureBeyondTheLeewayIsRejected() throws Exception {
    String late = idp.rs256(TestIdentityProvider.claims(now())
        .notBeforeTime(Date.from(now().plusSeconds(61))).build());
    assertUnauthenticated("The token is not valid yet.", () -> verify(late));
    String withinLeeway = idp.rs256(TestIdentityProvider.claims(now())
        .notBeforeTime(Date.from(now().plusSeconds(59))).build());
    verify(withinLeeway);
  }

  @Test
  void issuedInTheFutureBeyondTheLeewayIsRejected() throws Exception {
    String token = idp.rs256(TestIdentityProvider.claims(now())
        .issueTime(Date.from(now().plusSeconds(61))).build());
    assertUnauthenticated("The token is not valid yet.", () -> verify(token));
    verify(idp.rs256(TestIdentityProvider.claims(now())
        .issueTime(Date.from(now().plusSeconds(59))).build()));
  }

  @Test
  void signInTimeInTheFutureBeyondTheLeewayIsRejected() {
    String token = idp.rs256(TestIdentityProvider.claims(now())
        .claim("auth_time", now().plusSeconds(61).getEpochSecond()).build());
    assertUnauthenticated("The token is not valid yet.", () -> verify(token));
  }

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"sub", "org_id", "org_role", "amr", "auth_time", "exp"})
  void missingRequiredClaimIsRejected(String claim) {
    String token = idp.rs256(TestIdentityProvider.claims(now()).claim(claim, null).build());
    assertUnauthenticated("The token lacks the " + claim + " claim.", () -> verify(token));
  }

  @ParameterizedTest(name = "org_role={0}")
  @ValueSource(strings = {"owner", "Admin", "ADMIN", "admin ", "support"})
  void orgRoleOtherThanAdminOrMemberIsRejected(String role) {
    String token = idp.rs256(TestIdentityProvider.claims(now()).claim("org_role", role).build());
    assertUnauthenticated("The token's org_role claim is not valid.", () -> verify(token));
  }

  @ParameterizedTest(name = "sub=[{0}]")
  @ValueSource(strings = {"alice bob", "alice/../bob", "ålice", "alice\n", "a#b", "x\u0000",
      "USER#alice"})
  void subWithIllegalCharactersIsRejected(String sub) {
    String token = idp.rs256(TestIdentityProvider.claims(now()).subject(sub).build());
    assertUnauthenticated("The token's sub claim is not valid.", () -> verify(token));
  }

  @Test
  void identifiersLongerThan128CharactersAreRejected() throws Exception {
    verify(idp.rs256(TestIdentityProvider.claims(now()).subject("a".repeat(128)).build()));
    String longSub = idp.rs256(TestIdentityProvider.claims(now()).subject("a".repeat(129))
        .build());
    assertUnauthenticated("The token's sub claim is not valid.", () -> verify(longSub));
    String longOrg = idp.rs256(TestIdentityProvider.claims(now())
        .claim("org_id", "o".repeat(129)).build());
    assertUnauthenticated("The token's org_id claim is not valid.", () -> verify(longOrg));
  }

  @Test
  void claimsOfTheWrongTypeAreRejected() {
    assertUnauthenticated("The token's amr claim is not valid.", () -> verify(idp.rs256(
        TestIdentityProvider.claims(now()).claim("amr", "pwd").build())));
    assertUnauthenticated("The token's amr claim is not valid.", () -> verify(idp.rs256(
        TestIdentityProvider.claims(now()).claim("amr", List.of(1, 2)).build())));
    assertUnauthenticated("The token's auth_time claim is not valid.", () -> verify(idp.rs256(
        TestIdentityProvider.claims(now()).claim("auth_time", "yesterday").build())));
    assertUnauthenticated("The token's pwd_set claim is not valid.", () -> verify(idp.rs256(
        TestIdentityProvider.claims(now()).claim("pwd_set", "yes").build())));
    assertUnauthenticated("The token's org_id claim is not valid.", () -> verify(idp.rs256(
        TestIdentityProvider.claims(now()).claim("org_id", 42).build())));
  }

  @Test
  void hs256IsRejectedEvenWhenPresentedDirectly() throws Exception {
    String token = TokenVerifierTest.hs256WithPublicKey(idp.rsa, now());
    assertUnauthenticated("The token's signing algorithm is not accepted.",
        () -> verify(token));
  }

  @Test
  void rsaKeysShorterThan2048BitsAreNotTrusted() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair pair = generator.generateKeyPair();
    RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
        .privateKey((RSAPrivateKey) pair.getPrivate()).keyID("weak").keyUse(KeyUse.SIGNATURE)
        .build();
    idp.publish(weak);
    // nimbus refuses to sign with a short key, so sign the JWS by hand.
    SignedJWT unsigned = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256)
        .keyID("weak").build(), TestIdentityProvider.claims(now()).build());
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(unsigned.getSigningInput());
    String token = unsigned.getHeader().toBase64URL() + "." + unsigned.getPayload().toBase64URL()
        + "." + Base64URL.encode(rsa.sign());
    assertUnauthenticated("The token's signature is not valid.", () -> verify(token));
  }

  @Test
  void es256HeaderNamingTheRsaKeyIsRejected() throws Exception {
    String token = TestIdentityProvider.sign(JWSAlgorithm.ES256, TestIdentityProvider.RSA_KID,
        TestIdentityProvider.ecSigner(idp.ec), TestIdentityProvider.claims(now()).build());
    assertUnauthenticated("The token's signing key is not known.", () -> verify(token));
  }

  @Test
  void constructingTheVerifierFetchesNothing() {
    new IdpTokenVerifier(idp.jwksUrl(), ISSUER, AUDIENCE, clock);
    assertEquals(0, idp.requests());
  }

  @Test
  void jwksIsFetchedOnceForManyTokens() throws Exception {
    for (int i = 0; i < 20; i++) {
      verify(idp.rs256(TestIdentityProvider.claims(now()).build()));
      verify(idp.es256(TestIdentityProvider.claims(now()).build()));
    }
    assertEquals(1, idp.requests());
  }

  @Test
  void keyPublishedAfterTheFirstFetchIsFoundByARefresh() throws Exception {
    verify(idp.rs256(TestIdentityProvider.claims(now()).build()));
    ECKey next = new ECKeyGenerator(Curve.P_256).keyID("idp-ec-2").keyUse(KeyUse.SIGNATURE)
        .generate();
    idp.publish(next);
    String token = TestIdentityProvider.sign(JWSAlgorithm.ES256, "idp-ec-2",
        TestIdentityProvider.ecSigner(next), TestIdentityProvider.claims(now()).build());
    assertEquals("acme", verify(token).orgId());
    assertEquals(2, idp.requests());
  }

  @Test
  void unknownKidAfterARefreshIsUnauthenticatedNotUnavailable() throws Exception {
    verify(idp.rs256(TestIdentityProvider.claims(now()).build()));
    ECKey rogue = new ECKeyGenerator(Curve.P_256).keyID("rogue").generate();
    String token = TestIdentityProvider.sign(JWSAlgorithm.ES256, "rogue",
        TestIdentityProvider.ecSigner(rogue), TestIdentityProvider.claims(now()).build());
    for (int i = 0; i < 10; i++) {
      assertUnauthenticated("The token's signing key is not known.", () -> verify(token));
    }
    assertTrue(idp.requests() <= 3, "refreshes are rate limited: " + idp.requests());
  }

  @Test
  void jwksEndpointDownIsDependencyUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    IdpTokenVerifier offline = new IdpTokenVerifier(
        new URL("http://127.0.0.1:" + port + "/jwks.json"), ISSUER, AUDIENCE, clock);
    String token = idp.rs256(TestIdentityProvider.claims(now()).build());
    assertUnavailable("identity-provider", () -> offline.verify(SignedJWT.parse(token)));
  }

  @Test
  void jwksEndpointStoppingBeforeTheFirstFetchIsDependencyUnavailable() throws Exception {
    String token = idp.rs256(TestIdentityProvider.claims(now()).build());
    idp.close();
    assertUnavailable("identity-provider", () -> verify(token));
  }

  @Test
  void constructorRejectsBlankIssuerOrAudience() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new IdpTokenVerifier(idp.jwksUrl(), " ", AUDIENCE, clock));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new IdpTokenVerifier(idp.jwksUrl(), ISSUER, "", clock));
  }
}
