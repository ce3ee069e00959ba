package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertCommonHeaders;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertTime;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml (the contract), Routes, the personal ones, over HTTP against {@code scripts/run-local}: the
 * success shapes of status, enrollment start and confirm, verify, recover, new recovery codes,
 * DELETE and the JWKS, with the fields and types the contract names, and the MFA token's claims
 * as a host application verifies them with the JWKS. Also ENROLLMENT_NOT_FOUND for unknown,
 * replaced and other users' enrollments.
 */
@ExtendWith(RunLocal.class)
class PersonalRoutesContractTest {

  /** keyfob's PNG is a generated code, not a photo: decode it as one. */
  private static final java.util.Map<com.google.zxing.DecodeHintType, Object> PURE_QR =
      java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
          com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE);

  private static final Clock CLOCK = Clock.systemUTC();
  private static Api api;
  private static String org;

  @BeforeAll
  static void setUp(Api runLocal) {
    api = runLocal;
    org = Ids.unique("org");
  }

  @Test
  void statusOfANewMemberHasEveryFieldAndNeedsNothing() {
    String userId = Ids.unique("user");
    Reply r = api.get("/v1/me/two-factor", api.idToken(DevToken.member(userId, org)));
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    Map<String, Object> s = r.json();
    assertEquals(Set.of("userId", "orgId", "orgRequiresTwoFactor", "exempt", "enrolled",
        "enrollmentDeadline", "nextStep", "recoveryCodesRemaining", "lockedUntil",
        "lockedPermanently", "methods", "webauthnLockedUntil", "rememberDeviceDays"),
        s.keySet());
    assertEquals(Map.of("totp", false, "webauthn", 0), s.get("methods"));
    assertNull(s.get("webauthnLockedUntil"));
    assertEquals(0, ((Number) s.get("rememberDeviceDays")).intValue());
    assertEquals(userId, s.get("userId"));
    assertEquals(org, s.get("orgId"));
    assertEquals(false, s.get("orgRequiresTwoFactor"));
    assertEquals(false, s.get("exempt"));
    assertEquals(false, s.get("enrolled"));
    assertNull(s.get("enrollmentDeadline"));
    assertEquals("NONE", s.get("nextStep"));
    assertEquals(0, ((Number) s.get("recoveryCodesRemaining")).intValue());
    assertNull(s.get("lockedUntil"));
  }

  @Test
  void statusOfAnSsoUserIsExemptWithNothingToDo() {
    Reply r = api.get("/v1/me/two-factor",
        api.idToken(DevToken.member(Ids.unique("sso"), org).amr("sso")));
    assertEquals(200, r.status());
    assertEquals(true, r.json().get("exempt"));
    assertEquals("NONE", r.json().get("nextStep"));
  }

  @Test
  void enrollmentStartGivesTheSecretItsKeyUriAndQrCodesAndAnExpiry() throws Exception {
    String userId = Ids.unique("user");
    String email = userId + "@example.com";
    String token = api.idToken(DevToken.member(userId, org).email(email));
    Instant before = Instant.now();
    Reply r = api.post("/v1/me/two-factor/enrollment", token, (String) null);
    assertEquals(201, r.status(), r.toString());
    assertCommonHeaders(r);
    Map<String, Object> e = r.json();
    assertEquals(Set.of("enrollmentId", "secret", "otpauthUri", "qrCodePng", "qrCodeSvg",
        "expiresAt"), e.keySet());
    String secret = (String) e.get("secret");
    assertTrue(secret.matches("[A-Z2-7]{32}"), "160-bit base32 secret without padding: " + secret);
    assertEquals("otpauth://totp/keyfob:" + email + "?secret=" + secret
        + "&issuer=keyfob&algorithm=SHA1&digits=6&period=30", e.get("otpauthUri"));
    String png = (String) e.get("qrCodePng");
    assertTrue(png.startsWith("data:image/png;base64,"), png.substring(0, 30));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
        .decode(png.substring("data:image/png;base64,".length()))));
    String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new BufferedImageLuminanceSource(image))), PURE_QR).getText();
    assertEquals(e.get("otpauthUri"), decoded, "the QR code holds the key URI");
    assertTrue(((String) e.get("qrCodeSvg")).contains("<svg"), "an SVG document");
    Instant expiresAt = assertTime(e.get("expiresAt"));
    assertTrue(!expiresAt.isBefore(before.plusSeconds(598))
        && !expiresAt.isAfter(Instant.now().plusSeconds(601)), "expires after 600 s: " + expiresAt);

    // oathtool, an independent TOTP implementation, computes a code the confirm accepts.
    Authenticator app = new Authenticator(secret, CLOCK);
    String ours = app.nextCode();
    String oath = oathtool(secret, app.lastStep());
    assertEquals(ours, oath, "RFC 6238 agrees with oathtool");
    Reply confirmed = api.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", e.get("enrollmentId"), "code", oath));
    assertEquals(200, confirmed.status(), confirmed.toString());
  }

  private static String oathtool(String base32, long step) throws Exception {
    Process p = new ProcessBuilder("oathtool", "--totp", "-b", "-N", "@" + (step * 30 + 1),
        base32).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "oathtool: " + out);
    return out;
  }

  @Test
  void confirmGivesTenCodesAndAnMfaTokenTheHostCanVerify() {
    String userId = Ids.unique("user");
    String token = api.idToken(DevToken.member(userId, org).authTimeSecondsAgo(42));
    JWTClaimsSet idClaims = MfaTokens.unverifiedClaims(token);
    Reply started = api.post("/v1/me/two-factor/enrollment", token, "{}");
    Authenticator app = new Authenticator(started.string("secret"), CLOCK);
    Reply r = api.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", app.nextCode()));
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    Map<String, Object> c = r.json();
    assertEquals(Set.of("recoveryCodes", "mfaToken", "mfaTokenExpiresAt"), c.keySet());
    List<?> codes = (List<?>) c.get("recoveryCodes");
    assertEquals(10, codes.size());
    assertEquals(10, new HashSet<>(codes).size(), "distinct codes");
    for (Object code : codes) {
      assertInstanceOf(String.class, code);
      assertTrue(((String) code).replace("-", "").length() >= 16, "64 bits or more: " + code);
    }
    JWTClaimsSet claims = MfaTokens.verifiedClaims(api, (String) c.get("mfaToken"));
    assertEquals(api.base().toString(), claims.getIssuer());
    assertEquals(List.of("keyfob-local-app"), claims.getAudience());
    assertEquals(userId, claims.getSubject());
    assertEquals(userId + "@example.com", claims.getClaim("email"));
    assertEquals(org, claims.getClaim("org_id"));
    assertEquals("member", claims.getClaim("org_role"));
    assertEquals(true, claims.getClaim("pwd_set"));
    assertNull(claims.getClaim("platform_role"));
    assertEquals(List.of("pwd", "mfa", "otp"), claims.getClaim("amr"));
    assertEquals(idClaims.getClaim("auth_time"), claims.getClaim("auth_time"));
    assertTrue(claims.getJWTID() != null && !claims.getJWTID().isBlank());
    assertInstanceOf(Number.class, claims.getClaim("fv"));
    // exp = iat + 3600 (the default), but never after the identity-provider token's exp.
    Instant expected = claims.getIssueTime().toInstant().plus(Duration.ofHours(1));
    Instant idpExpiry = idClaims.getExpirationTime().toInstant();
    assertEquals(expected.isAfter(idpExpiry) ? idpExpiry : expected,
        claims.getExpirationTime().toInstant(), "default MFA token lifetime");
    assertEquals(claims.getExpirationTime().toInstant(), assertTime(c.get("mfaTokenExpiresAt")));

    Map<String, Object> withIdp = api.get("/v1/me/two-factor", token).json();
    assertEquals(true, withIdp.get("enrolled"));
    assertEquals("VERIFY", withIdp.get("nextStep"));
    assertEquals(10, ((Number) withIdp.get("recoveryCodesRemaining")).intValue());
    Map<String, Object> withMfa = api.get("/v1/me/two-factor", (String) c.get("mfaToken")).json();
    assertEquals("NONE", withMfa.get("nextStep"));
  }

  @Test
  void verifyGivesAnMfaTokenOfTheOtpMethod() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    Reply r = api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().nextCode()));
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    assertEquals(Set.of("mfaToken", "mfaTokenExpiresAt", "deviceToken",
        "deviceTokenExpiresAt"), r.json().keySet());
    JWTClaimsSet claims = MfaTokens.verifiedClaims(api, r.string("mfaToken"));
    assertEquals(List.of("pwd", "mfa", "otp"), claims.getClaim("amr"));
    assertEquals(claims.getExpirationTime().toInstant(), assertTime(r.json().get(
        "mfaTokenExpiresAt")));
  }

  @Test
  void mfaTokenNeverOutlivesTheIdentityProviderToken() {
    String userId = Ids.unique("user");
    String shortLived = api.idToken(DevToken.member(userId, org).expiresInSeconds(120));
    Flows.Enrolled u = Flows.enroll(api, CLOCK, userId, org, shortLived);
    Instant idpExpiry = MfaTokens.unverifiedClaims(shortLived).getExpirationTime().toInstant();
    Instant mfaExpiry = MfaTokens.verifiedClaims(api, u.mfaToken()).getExpirationTime()
        .toInstant();
    assertFalse(mfaExpiry.isAfter(idpExpiry), mfaExpiry + " after " + idpExpiry);
  }

  @Test
  void recoverGivesAnMfaTokenAndTheCodesLeftAcceptingAnyCaseSpacesAndHyphens() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    String typed = " " + u.recoveryCodes().get(0).toUpperCase().replace("-", " - ") + " ";
    Reply r = api.post("/v1/me/two-factor/recover", u.idToken(), Map.of("recoveryCode", typed));
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    Map<String, Object> body = r.json();
    assertEquals(Set.of("mfaToken", "mfaTokenExpiresAt", "recoveryCodesRemaining",
        "reenrollRequired", "deviceToken", "deviceTokenExpiresAt"), body.keySet());
    assertNull(body.get("deviceToken"), "not asked for");
    assertEquals(9, ((Number) body.get("recoveryCodesRemaining")).intValue());
    assertEquals(false, body.get("reenrollRequired"));
    assertEquals(List.of("pwd", "mfa", "recovery_code"),
        MfaTokens.verifiedClaims(api, r.string("mfaToken")).getClaim("amr"));
    assertTime(body.get("mfaTokenExpiresAt"));
    // Once only, in any spelling.
    assertWrongCode(api.post("/v1/me/two-factor/recover", u.idToken(),
        Map.of("recoveryCode", u.recoveryCodes().get(0).replace("-", ""))),
        "INVALID_RECOVERY_CODE", 4);
  }

  @Test
  void newRecoveryCodesReplaceTheOldSet() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    Reply r = api.post("/v1/me/two-factor/recovery-codes", u.mfaToken(), (String) null);
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    assertEquals(Set.of("recoveryCodes"), r.json().keySet());
    List<?> fresh = (List<?>) r.json().get("recoveryCodes");
    assertEquals(10, fresh.size());
    assertTrue(fresh.stream().noneMatch(u.recoveryCodes()::contains), "a new set");
    assertWrongCode(api.post("/v1/me/two-factor/recover", u.idToken(),
        Map.of("recoveryCode", u.recoveryCodes().get(3))), "INVALID_RECOVERY_CODE", 4);
    assertEquals(200, api.post("/v1/me/two-factor/recover", u.idToken(),
        Map.of("recoveryCode", fresh.get(3))).status());
  }

  @Test
  void deleteRemovesTheFactorAnswering204WithoutABody() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    Reply r = api.delete("/v1/me/two-factor", u.mfaToken());
    assertEquals(204, r.status(), r.toString());
    assertEquals(0, r.bytes().length);
    assertCommonHeaders(r);
    Map<String, Object> s = api.get("/v1/me/two-factor", u.idToken()).json();
    assertEquals(false, s.get("enrolled"));
    assertEquals(0, ((Number) s.get("recoveryCodesRemaining")).intValue());
    // fv changed: the MFA token of the removed factor is no longer accepted.
    assertProblem(api.delete("/v1/me/two-factor", u.mfaToken()), 401, "UNAUTHENTICATED");
    assertProblem(api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().nextCode())), 409, "NOT_ENROLLED");
  }

  @Test
  void jwksPublishesOnlyPublicP256KeysWithIds() {
    Flows.enrolledUser(api, CLOCK, org, false);
    Reply r = api.get("/.well-known/jwks.json", null);
    assertEquals(200, r.status());
    assertCommonHeaders(r);
    List<?> keys = (List<?>) r.json().get("keys");
    assertFalse(keys.isEmpty());
    for (Object k : keys) {
      Map<?, ?> key = (Map<?, ?>) k;
      assertEquals("EC", key.get("kty"));
      assertEquals("P-256", key.get("crv"));
      assertInstanceOf(String.class, key.get("kid"));
      assertInstanceOf(String.class, key.get("x"));
      assertInstanceOf(String.class, key.get("y"));
      assertFalse(key.containsKey("d"), "no private part");
      if (key.containsKey("alg")) {
        assertEquals("ES256", key.get("alg"));
      }
    }
  }

  @Test
  void unknownReplacedAndOtherUsersEnrollmentsAreNotFound() {
    String alice = api.idToken(DevToken.member(Ids.unique("alice"), org));
    String bob = api.idToken(DevToken.member(Ids.unique("bob"), org));
    Reply first = api.post("/v1/me/two-factor/enrollment", alice, "{}");
    Reply second = api.post("/v1/me/two-factor/enrollment", alice, "{}");
    Authenticator firstApp = new Authenticator(first.string("secret"), CLOCK);
    Authenticator secondApp = new Authenticator(second.string("secret"), CLOCK);
    assertProblem(api.post("/v1/me/two-factor/enrollment/confirm", alice,
        Map.of("enrollmentId", first.string("enrollmentId"), "code", firstApp.nextCode())),
        404, "ENROLLMENT_NOT_FOUND");
    // One code of the live enrollment throughout, so a 404 is seen not to use up its step; the
    // current step's code stays acceptable for the next 30 s at least, long enough for all three.
    String code = secondApp.codeAt(secondApp.currentStep());
    assertProblem(api.post("/v1/me/two-factor/enrollment/confirm", alice,
        Map.of("enrollmentId", "no-such-enrollment", "code", code)),
        404, "ENROLLMENT_NOT_FOUND");
    assertProblem(api.post("/v1/me/two-factor/enrollment/confirm", bob,
        Map.of("enrollmentId", second.string("enrollmentId"), "code", code)),
        404, "ENROLLMENT_NOT_FOUND");
    assertEquals(200, api.post("/v1/me/two-factor/enrollment/confirm", alice,
        Map.of("enrollmentId", second.string("enrollmentId"), "code", code)).status());
  }
}
