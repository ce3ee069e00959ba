package dev.keyfob.token;

import static dev.keyfob.testkit.TestIdentityProvider.AUDIENCE;
import static dev.keyfob.testkit.TestIdentityProvider.ISSUER;
import static dev.keyfob.token.Problems.assertUnauthenticated;
import static dev.keyfob.token.Problems.assertUnavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.testkit.TestIdentityProvider;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which verifier a bearer token goes to, and what each refuses; on the in-memory fakes. */
class TokenVerifierTest {

  private final MutableClock clock = new MutableClock(TestTimes.START);
  private TestIdentityProvider idp;
  private SigningKeys keys;
  private MfaTokenIssuer issuer;
  private TokenVerifier verifier;

  @BeforeEach
  void setUp() {
    idp = new TestIdentityProvider();
    keys = SigningFixture.inMemoryKeysWithFirstKey(clock);
    issuer = SigningFixture.issuer(keys, clock);
    verifier = new TokenVerifier(
        new IdpTokenVerifier(idp.jwksUrl(), ISSUER, AUDIENCE, clock),
        SigningFixture.verifier(keys, clock),
        SigningFixture.MFA_ISSUER);
  }

  @AfterEach
  void tearDown() {
    idp.close();
  }

  private JWTClaimsSet.Builder claims() {
    return TestIdentityProvider.claims(clock.instant());
  }

  /** HS256 over the claims, keyed with the RSA public key's encoding: the classic confusion. */
  static String hs256WithPublicKey(RSAKey rsa, Instant now) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .keyID(rsa.getKeyID()).type(JOSEObjectType.JWT).build(),
        TestIdentityProvider.claims(now).build());
    jwt.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
    return jwt.serialize();
  }

  @Test
  void identityProviderTokenIsDispatchedToTheIdentityProviderVerifier() {
    Principal p = verifier.verifyAuthorizationHeader("Bearer " + idp.rs256(claims().build()));
    assertEquals(TokenKind.IDENTITY_PROVIDER, p.kind());
  }

  @Test
  void mfaTokenIsDispatchedToTheMfaVerifier() {
    Principal basis = verifier.verifyAuthorizationHeader("Bearer " + idp.es256(claims().build()));
    IssuedToken mfa = issuer.issue(basis, "otp", 7);
    Principal p = verifier.verifyAuthorizationHeader("Bearer " + mfa.token());
    assertEquals(TokenKind.MFA, p.kind());
    assertEquals(7L, p.factorVersion());
    assertEquals(List.of("pwd", "mfa", "otp"), p.amr());
  }

  @ParameterizedTest(name = "scheme [{0}]")
  @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "bEaReR ", "Bearer  ", " Bearer "})
  void bearerSchemeIsCaseInsensitiveAndToleratesExtraSpaces(String prefix) {
    String token = idp.rs256(claims().build());
    assertEquals("acme", verifier.verifyAuthorizationHeader(prefix + token + " ").orgId());
  }

  @ParameterizedTest(name = "header [{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "Basic dXNlcjpwYXNzd29yZA==", "Bearer", "Bearer ", "Token abc",
      "garbage", "Bearer a.b", "Bearer a.b.c", "Bearer a.b.c.d", "Bearer !!!.???.***",
      "Bearer x y", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.", "Bearer ...", "Bearer\tabc.def.ghi"})
  void malformedHeaderValuesAreUnauthenticated(String header) {
    assertUnauthenticated(() -> verifier.verifyAuthorizationHeader(header));
  }

  @Test
  void overlongTokenIsRejectedWithoutParsing() {
    String huge = "Bearer " + "a".repeat(TokenVerifier.MAX_TOKEN_LENGTH) + ".b.c";
    assertUnauthenticated("The token is malformed.",
        () -> verifier.verifyAuthorizationHeader(huge));
  }

  @ParameterizedTest(name = "alg={0}")
  @ValueSource(strings = {"none", "None", "NONE"})
  void unsecuredTokensAreRejected(String alg) {
    String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").toString();
    String payload = Base64URL.encode(claims().build().toString()).toString();
    assertUnauthenticated(() -> verifier.verifyAuthorizationHeader(
        "Bearer " + header + "." + payload + "."));
    assertUnauthenticated(() -> verifier.verifyAuthorizationHeader(
        "Bearer " + header + "." + payload + ".c2lnbmF0dXJl"));
  }

  @Test
  void algNoneIsReportedAsARefusedAlgorithm() {
    String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
    String payload = Base64URL.encode(claims().build().toString()).toString();
    assertUnauthenticated("The token's signing algorithm is not accepted.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + header + "." + payload + ".eA"));
  }

  @Test
  void hs256SignedWithTheRsaPublicKeyIsRejected() throws Exception {
    String token = hs256WithPublicKey(idp.rsa, clock.instant());
    assertUnauthenticated("The token's signing algorithm is not accepted.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + token));
  }

  @ParameterizedTest(name = "alg={0}")
  @ValueSource(strings = {"RS384", "RS512", "PS256"})
  void otherRsaAlgorithmsAreRejectedEvenWithATrustedKey(String alg) throws Exception {
    String token = TestIdentityProvider.sign(JWSAlgorithm.parse(alg),
        TestIdentityProvider.RSA_KID, TestIdentityProvider.rsaSigner(idp.rsa), claims().build());
    assertUnauthenticated("The token's signing algorithm is not accepted.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + token));
  }

  @Test
  void identityProviderTokenClaimingTheMfaIssuerIsRejected() {
    String rs256 = idp.rs256(claims().issuer(SigningFixture.MFA_ISSUER)
        .audience(SigningFixture.MFA_AUDIENCE).claim("fv", 1).build());
    assertUnauthenticated("The token's signing algorithm is not accepted.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + rs256));
    String es256 = idp.es256(claims().issuer(SigningFixture.MFA_ISSUER)
        .audience(SigningFixture.MFA_AUDIENCE).claim("fv", 1).build());
    assertUnauthenticated("The token's signing key is not known.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + es256));
  }

  @Test
  void keyfobSignedTokenClaimingTheIdentityProviderIssuerIsRejected() {
    String forged = TestIdentityProvider.sign(JWSAlgorithm.ES256,
        keys.activeSigningKey().getKeyID(),
        TestIdentityProvider.ecSigner(keys.activeSigningKey()), claims().build());
    assertUnauthenticated("The token's signing key is not known.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + forged));
  }

  @Test
  void detailNeverEchoesTheTokenOrItsClaims() {
    String token = idp.rs256(claims().audience("another-api").subject("secret-user-42")
        .claim("org_id", "secret-org-7").build());
    ProblemException e = assertUnauthenticated(
        () -> verifier.verifyAuthorizationHeader("Bearer " + token));
    for (String part : token.split("\\.")) {
      assertFalse(e.detail().contains(part));
    }
    assertFalse(e.detail().contains("secret-user-42"));
    assertFalse(e.detail().contains("secret-org-7"));
    assertFalse(e.detail().contains("another-api"));
  }

  @Test
  void expiredTokenSaysSo() {
    String token = idp.rs256(claims().build());
    clock.advance(Duration.ofHours(2));
    assertUnauthenticated("The token has expired.",
        () -> verifier.verifyAuthorizationHeader("Bearer " + token));
  }

  @Test
  void unreachableIdentityProviderKeysAreServiceUnavailable() throws Exception {
    String token = idp.rs256(claims().build());
    idp.close();
    assertUnavailable("identity-provider",
        () -> verifier.verifyAuthorizationHeader("Bearer " + token));
  }

  @Test
  void constructorRefusesIssuersThatCannotBeToldApart() throws Exception {
    IdpTokenVerifier sameIssuer = new IdpTokenVerifier(new URL("http://127.0.0.1:1/jwks.json"),
        SigningFixture.MFA_ISSUER, AUDIENCE, clock);
    MfaTokenVerifier mfa = SigningFixture.verifier(keys, clock);
    assertThrows(IllegalArgumentException.class,
        () -> new TokenVerifier(sameIssuer, mfa, SigningFixture.MFA_ISSUER));
    IdpTokenVerifier idpVerifier = new IdpTokenVerifier(idp.jwksUrl(), ISSUER, AUDIENCE, clock);
    assertThrows(IllegalArgumentException.class,
        () -> new TokenVerifier(idpVerifier, mfa, "https://some-other-issuer"));
  }
}
