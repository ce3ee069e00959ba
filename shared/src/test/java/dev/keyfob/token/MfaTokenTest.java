package dev.keyfob.token;

import static dev.keyfob.token.Problems.assertUnauthenticated;
import static dev.keyfob.token.SigningFixture.MFA_AUDIENCE;
import static dev.keyfob.token.SigningFixture.MFA_ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.testkit.TestIdentityProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(AwsEmulator.class)
class MfaTokenTest {

  private final MutableClock clock = new MutableClock(TestTimes.START);
  private Emulator emulator;
  private SigningFixture fixture;
  private SigningKeys keys;
  private MfaTokenIssuer issuer;
  private MfaTokenVerifier verifier;

  @BeforeEach
  void setUp(Emulator emulator) {
    this.emulator = emulator;
    fixture = new SigningFixture(emulator);
    keys = fixture.keysWithFirstKey(clock);
    issuer = SigningFixture.issuer(keys, clock);
    verifier = SigningFixture.verifier(keys, clock);
  }

  private Principal basis(List<String> amr, Instant expiresAt) {
    Instant now = clock.instant();
    return new Principal(TokenKind.IDENTITY_PROVIDER, "alice", "alice@example.com", "acme",
        OrgRole.ADMIN, amr, now.minusSeconds(300), false, "support", now.minusSeconds(5),
        expiresAt, null, "idp-jti");
  }

  private Principal basis() {
    return basis(List.of("pwd"), clock.instant().plus(Duration.ofHours(8)));
  }

  private Principal verify(String token) throws Exception {
    return verifier.verify(SignedJWT.parse(token));
  }

  /** Signs arbitrary claims with keyfob's real active key, as a forger with the key could. */
  private String signWithActiveKey(JWTClaimsSet claims) {
    ECKey key = keys.activeSigningKey();
    return TestIdentityProvider.sign(JWSAlgorithm.ES256, key.getKeyID(),
        TestIdentityProvider.ecSigner(key), claims);
  }

  private JWTClaimsSet.Builder validClaims() {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder().issuer(MFA_ISSUER).audience(MFA_AUDIENCE)
        .subject("alice").claim("org_id", "acme").claim("org_role", "member")
        .claim("amr", List.of("pwd", "mfa", "otp"))
        .claim("auth_time", now.minusSeconds(60).getEpochSecond())
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
        .jwtID("jti-1").claim("fv", 3L);
  }

  @Test
  void issuedTokenCarriesTheContractClaimsAndHeader() throws Exception {
    IssuedToken issued = issuer.issue(basis(), "otp", 42);
    SignedJWT jwt = SignedJWT.parse(issued.token());
    JWSHeader header = jwt.getHeader();
    assertEquals(JWSAlgorithm.ES256, header.getAlgorithm());
    assertEquals(JOSEObjectType.JWT, header.getType());
    assertEquals(keys.activeSigningKey().getKeyID(), header.getKeyID());

    JWTClaimsSet c = jwt.getJWTClaimsSet();
    Instant now = clock.instant();
    assertEquals(MFA_ISSUER, c.getIssuer());
    assertEquals(List.of(MFA_AUDIENCE), c.getAudience());
    assertEquals("alice", c.getSubject());
    assertEquals("alice@example.com", c.getClaim("email"));
    assertEquals("acme", c.getClaim("org_id"));
    assertEquals("admin", c.getClaim("org_role"));
    assertEquals("support", c.getClaim("platform_role"));
    assertEquals(false, c.getClaim("pwd_set"));
    assertEquals(List.of("pwd", "mfa", "otp"), c.getClaim("amr"));
    assertEquals(now.minusSeconds(300).getEpochSecond(), c.getClaim("auth_time"));
    assertEquals(Date.from(now), c.getIssueTime());
    assertEquals(Date.from(now.plus(Duration.ofHours(1))), c.getExpirationTime());
    assertEquals(42L, c.getClaim("fv"));
    assertEquals(now.plus(Duration.ofHours(1)), issued.expiresAt());
    assertTrue(c.getJWTID().matches("[A-Za-z0-9_-]{22}"), "128-bit base64url jti");
  }

  @Test
  void issueThenVerifyRoundTripsEveryField() throws Exception {
    IssuedToken issued = issuer.issue(basis(), "recovery_code", 9);
    Principal p = verify(issued.token());
    assertEquals(TokenKind.MFA, p.kind());
    assertTrue(p.mfa());
    assertEquals("alice", p.userId());
    assertEquals("alice@example.com", p.email());
    assertEquals("acme", p.orgId());
    assertEquals(OrgRole.ADMIN, p.orgRole());
    assertEquals(List.of("pwd", "mfa", "recovery_code"), p.amr());
    assertEquals(clock.instant().minusSeconds(300), p.authTime());
    assertFalse(p.pwdSet(), "pwd_set copied, not re-derived from amr");
    assertTrue(p.support());
    assertEquals(clock.instant(), p.issuedAt());
    assertEquals(issued.expiresAt(), p.expiresAt());
    assertEquals(9L, p.factorVersion());
    assertEquals(SignedJWT.parse(issued.token()).getJWTClaimsSet().getJWTID(), p.tokenId());
  }

  @Test
  void expiryIsCappedByTheBasisTokensExpiry() throws Exception {
    Instant basisExpiry = clock.instant().plusSeconds(600);
    IssuedToken issued = issuer.issue(basis(List.of("pwd"), basisExpiry), "otp", 1);
    assertEquals(basisExpiry, issued.expiresAt());
    assertEquals(Date.from(basisExpiry),
        SignedJWT.parse(issued.token()).getJWTClaimsSet().getExpirationTime());
  }

  @Test
  void subSecondTimesAreTruncatedToWholeSeconds() throws Exception {
    clock.set(TestTimes.START.plusMillis(750));
    Instant basisExpiry = TestTimes.START.plusSeconds(100).plusMillis(900);
    IssuedToken issued = issuer.issue(basis(List.of("pwd"), basisExpiry), "otp", 1);
    assertEquals(TestTimes.START.plusSeconds(100), issued.expiresAt());
    assertEquals(TestTimes.START, verify(issued.token()).issuedAt());
  }

  @Test
  void basisThatHasAlreadyExpiredGetsNoToken() {
    Principal expired = basis(List.of("pwd"), clock.instant().minusSeconds(30));
    assertUnauthenticated("The token has expired.", () -> issuer.issue(expired, "otp", 1));
  }

  @Test
  void amrAdditionsAreNotDuplicatedAndOrderIsKept() throws Exception {
    Principal alreadyMfa = basis(List.of("pwd", "mfa", "otp"), clock.instant().plusSeconds(3600));
    assertEquals(List.of("pwd", "mfa", "otp"),
        verify(issuer.issue(alreadyMfa, "otp", 1).token()).amr());
    Principal google = basis(List.of("google", "mfa", "otp"), clock.instant().plusSeconds(3600));
    assertEquals(List.of("google", "mfa", "otp", "recovery_code"),
        verify(issuer.issue(google, "recovery_code", 1).token()).amr());
  }

  @Test
  void anMfaTokenAsBasisKeepsOnlyTheIdentityProvidersAmrBeforeTheNewMethod() throws Exception {
    Instant now = clock.instant();
    Principal remembered = new Principal(TokenKind.MFA, "alice", "alice@example.com", "acme",
        OrgRole.ADMIN, List.of("pwd", "mfa", "remembered_device"), now.minusSeconds(300), true,
        null, now.minusSeconds(5), now.plusSeconds(3600), 4L, "mfa-jti");
    assertEquals(List.of("pwd", "mfa", "otp"),
        verify(issuer.issue(remembered, "otp", 4).token()).amr());
    Principal byKey = new Principal(TokenKind.MFA, "alice", "alice@example.com", "acme",
        OrgRole.ADMIN, List.of("google", "mfa", "hwk"), now.minusSeconds(300), false,
        null, now.minusSeconds(5), now.plusSeconds(3600), 4L, "mfa-jti-2");
    assertEquals(List.of("google", "mfa", "recovery_code"),
        verify(issuer.issue(byKey, "recovery_code", 4).token()).amr());
  }

  @Test
  void absentEmailAndPlatformRoleAreOmitted() throws Exception {
    Instant now = clock.instant();
    Principal bare = new Principal(TokenKind.IDENTITY_PROVIDER, "bob", null, "acme",
        OrgRole.MEMBER, List.of("magic_link"), now, true, null, now, now.plusSeconds(3600), null,
        null);
    JWTClaimsSet c = SignedJWT.parse(issuer.issue(bare, "otp", 1).token()).getJWTClaimsSet();
    assertFalse(c.getClaims().containsKey("email"));
    assertFalse(c.getClaims().containsKey("platform_role"));
    assertEquals(true, c.getClaim("pwd_set"));
    Principal p = verify(issuer.issue(bare, "otp", 1).token());
    assertNull(p.email());
    assertNull(p.platformRole());
  }

  @ParameterizedTest(name = "method [{0}]")
  @ValueSource(strings = {"", "totp", "OTP", "sms", "mfa"})
  void unknownMethodIsRefused(String method) {
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(basis(), method, 1));
  }

  @Test
  void everyTokenHasItsOwnJti() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.add(SignedJWT.parse(issuer.issue(basis(), "otp", 1).token()).getJWTClaimsSet()
          .getJWTID());
    }
    assertEquals(100, seen.size());
  }

  @Test
  void afterTheFirstIssueFiftyMoreMakeNoKmsOrDynamoDbCall() {
    issuer.issue(basis(), "otp", 1);
    fixture.calls.reset();
    for (int i = 0; i < 50; i++) {
      issuer.issue(basis(), "otp", 1);
    }
    assertEquals(0, fixture.calls.total("Kms"), fixture.calls.toString());
    assertEquals(0, fixture.calls.total("DynamoDb"), fixture.calls.toString());
  }

  @Test
  void aNewProcessSignsAfterOneGetItemAndOneDecrypt() {
    issuer.issue(basis(), "otp", 1);
    SigningFixture other = fixture.sibling();
    MfaTokenIssuer otherIssuer = SigningFixture.issuer(other.keys(clock), clock);
    for (int i = 0; i < 20; i++) {
      otherIssuer.issue(basis(), "otp", 1);
    }
    assertEquals(1, other.calls.total("Kms"), other.calls.toString());
    assertEquals(1, other.calls.total("DynamoDb"), other.calls.toString());
  }

  @Test
  void tokenSignedByARotatedOutKeyStillVerifiesWhileRetired() throws Exception {
    IssuedToken before = issuer.issue(basis(), "otp", 1);
    String oldKid = SignedJWT.parse(before.token()).getHeader().getKeyID();
    SigningFixture operator = fixture.sibling();
    String newKid = operator.rotation(operator.keys(clock), clock).rotate();
    clock.advance(SigningKeys.POINTER_RECHECK_INTERVAL);

    IssuedToken after = issuer.issue(basis(), "otp", 1);
    assertEquals(newKid, SignedJWT.parse(after.token()).getHeader().getKeyID());
    assertNotEquals(oldKid, newKid);

    MfaTokenVerifier elsewhere = SigningFixture.verifier(fixture.sibling().keys(clock), clock);
    assertEquals("alice", elsewhere.verify(SignedJWT.parse(before.token())).userId());
    assertEquals("alice", elsewhere.verify(SignedJWT.parse(after.token())).userId());
    assertEquals("alice", verify(before.token()).userId());
    assertEquals("alice", verify(after.token()).userId());
  }

  @Test
  void tokenSignedWithAnotherKeyfobTablesKeyIsRejected() {
    SigningFixture otherDeployment = new SigningFixture(emulator);
    MfaTokenIssuer foreign = SigningFixture.issuer(otherDeployment.keysWithFirstKey(clock), clock);
    keys.activeSigningKey();
    String token = foreign.issue(basis(), "otp", 1).token();
    clock.advance(Duration.ofSeconds(2));
    assertUnauthenticated("The token's signing key is not known.", () -> verify(token));
  }

  @Test
  void verifierDoesNotCompareTheFactorVersion() throws Exception {
    assertEquals(Long.MAX_VALUE, verify(issuer.issue(basis(), "otp", Long.MAX_VALUE).token())
        .factorVersion());
    assertEquals(-5L, verify(issuer.issue(basis(), "otp", -5).token()).factorVersion());
  }

  @Test
  void forgedValidClaimsSignedWithTheActiveKeyVerify() throws Exception {
    assertEquals(3L, verify(signWithActiveKey(validClaims().build())).factorVersion());
  }

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"sub", "org_id", "org_role", "amr", "auth_time", "iat", "exp", "jti",
      "fv"})
  void missingRequiredClaimIsRejected(String claim) {
    String token = signWithActiveKey(validClaims().claim(claim, null).build());
    assertUnauthenticated("The token lacks the " + claim + " claim.", () -> verify(token));
  }

  @Test
  void nonIntegerFactorVersionIsRejected() {
    for (Object fv : new Object[] {"3", 3.5, true, List.of(3)}) {
      String token = signWithActiveKey(validClaims().claim("fv", fv).build());
      assertUnauthenticated("The token's fv claim is not valid.", () -> verify(token));
    }
  }

  @Test
  void amrWithoutMfaIsRejected() {
    String token = signWithActiveKey(validClaims().claim("amr", List.of("pwd")).build());
    assertUnauthenticated("The token's amr claim is not valid.", () -> verify(token));
  }

  @Test
  void lifetimeLongerThanAnyIssuedTokenIsRejected() {
    Instant now = clock.instant();
    String token = signWithActiveKey(validClaims()
        .expirationTime(Date.from(now.plus(SigningKeys.MAX_TOKEN_LIFETIME).plusSeconds(1)))
        .build());
    assertUnauthenticated("The token's exp claim is not valid.", () -> verify(token));
  }

  @Test
  void wrongIssuerOrAudienceIsRejected() {
    assertUnauthenticated("The token was not issued by a trusted issuer.", () -> verify(
        signWithActiveKey(validClaims().issuer(TestIdentityProvider.ISSUER).build())));
    assertUnauthenticated("The token is not meant for this service.", () -> verify(
        signWithActiveKey(validClaims().audience(TestIdentityProvider.AUDIENCE).build())));
  }

  @Test
  void expiryHonoursTheSixtySecondLeeway() throws Exception {
    IssuedToken issued = issuer.issue(basis(), "otp", 1);
    clock.set(issued.expiresAt().plusSeconds(60));
    verify(issued.token());
    clock.set(issued.expiresAt().plusSeconds(61));
    assertUnauthenticated("The token has expired.", () -> verify(issued.token()));
  }

  @Test
  void tokenIssuedInTheFutureBeyondTheLeewayIsRejected() {
    Instant later = clock.instant().plusSeconds(61);
    String token = signWithActiveKey(validClaims().issueTime(Date.from(later))
        .expirationTime(Date.from(later.plusSeconds(600))).build());
    assertUnauthenticated("The token is not valid yet.", () -> verify(token));
  }

  @Test
  void tokenWithoutKidIsRejected() {
    ECKey key = keys.activeSigningKey();
    String token = TestIdentityProvider.sign(JWSAlgorithm.ES256, null,
        TestIdentityProvider.ecSigner(key), validClaims().build());
    assertUnauthenticated("The token's signing key is not known.", () -> verify(token));
  }

  @Test
  void rs256IsRejectedEvenFromATrustedIdentityProviderKey() {
    try (TestIdentityProvider idp = new TestIdentityProvider()) {
      String token = TestIdentityProvider.sign(JWSAlgorithm.RS256,
          keys.activeSigningKey().getKeyID(), TestIdentityProvider.rsaSigner(idp.rsa),
          validClaims().build());
      assertUnauthenticated("The token's signing algorithm is not accepted.",
          () -> verify(token));
    }
  }

  @Test
  void editedClaimsBreakTheSignature() throws Exception {
    String token = issuer.issue(basis(), "otp", 1).token();
    String[] parts = token.split("\\.");
    JWTClaimsSet original = SignedJWT.parse(token).getJWTClaimsSet();
    JWTClaimsSet edited = new JWTClaimsSet.Builder(original).claim("fv", 2L).build();
    String forged = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(edited.toString())
        + "." + parts[2];
    assertUnauthenticated("The token's signature is not valid.", () -> verify(forged));
  }

  @Test
  void constructorsRefuseBadSettings() {
    assertThrows(IllegalArgumentException.class,
        () -> new MfaTokenIssuer(keys, MFA_ISSUER, MFA_AUDIENCE, Duration.ofHours(25), clock));
    assertThrows(IllegalArgumentException.class,
        () -> new MfaTokenIssuer(keys, MFA_ISSUER, MFA_AUDIENCE, Duration.ZERO, clock));
    assertThrows(IllegalArgumentException.class,
        () -> new MfaTokenIssuer(keys, "", MFA_AUDIENCE, Duration.ofHours(1), clock));
    assertThrows(IllegalArgumentException.class,
        () -> new MfaTokenVerifier(keys, MFA_ISSUER, " ", clock));
  }

  @Test
  void issuedTokenToStringLeavesTheTokenOut() {
    IssuedToken issued = issuer.issue(basis(), "otp", 1);
    assertFalse(issued.toString().contains(issued.token()));
  }
}
