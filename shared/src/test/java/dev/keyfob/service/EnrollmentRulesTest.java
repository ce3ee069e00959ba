package dev.keyfob.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.totp.Base32;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrollmentRulesTest {

  private static final String START = "/v1/me/two-factor/enrollment";
  private static final String CONFIRM = "/v1/me/two-factor/enrollment/confirm";
  private static final String VERIFY = "/v1/me/two-factor/verify";
  private TestKeyfob keyfob;
  private String token;

  @BeforeEach
  void setUp() {
    keyfob = TestKeyfob.inMemory();
    token = keyfob.user("alice", "acme").email("alice smith:ops@example.com").sign();
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
  }

  @Test
  void startReturnsSecretUriAndQrCodesOfTheSameSecret() {
    Response r = keyfob.post(START, token, null);
    assertEquals(201, r.status(), r.body());
    String secret = r.string("secret");
    assertEquals(20, Base32.decode(secret).length, "160-bit secret");
    assertFalse(secret.contains("="));
    String uri = r.string("otpauthUri");
    assertTrue(uri.startsWith("otpauth://totp/keyfob:alice%20smith%3Aops@example.com?secret="
        + secret + "&issuer=keyfob&algorithm=SHA1&digits=6&period=30"), uri);
    assertTrue(r.string("qrCodePng").startsWith("data:image/png;base64,"));
    assertTrue(r.string("qrCodeSvg").startsWith("<svg"));
    assertEquals(keyfob.clock.instant().plusSeconds(600).toString(), r.string("expiresAt"));
    assertEquals("no-store", r.headers().get("Cache-Control"));
  }

  @Test
  void confirmWithRightCodeGivesTenCodesAndAnMfaTokenOfTheNewFactor() throws Exception {
    Response started = keyfob.post(START, token, Map.of());
    byte[] secret = Base32.decode(started.string("secret"));
    Response r = keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        started.string("enrollmentId"), "code", keyfob.code(secret)));
    assertEquals(200, r.status(), r.body());
    @SuppressWarnings("unchecked")
    List<String> codes = (List<String>) r.json().get("recoveryCodes");
    assertEquals(10, codes.size());
    assertEquals(10, codes.stream().distinct().count());
    var claims = SignedJWT.parse(r.string("mfaToken")).getJWTClaimsSet();
    assertEquals(1L, claims.getLongClaim("fv"));
    Response status = keyfob.get("/v1/me/two-factor", token);
    assertEquals(true, status.json().get("enrolled"));
    assertEquals(10, ((Number) status.json().get("recoveryCodesRemaining")).intValue());
    assertEquals("VERIFY", status.string("nextStep"));
  }

  @Test
  void wrongConfirmCodesCountDownAndTheFifthVoidsTheEnrollment() {
    Response started = keyfob.post(START, token, Map.of());
    byte[] secret = Base32.decode(started.string("secret"));
    String id = started.string("enrollmentId");
    for (int remaining = 4; remaining >= 0; remaining--) {
      Response r = keyfob.post(CONFIRM, token, Map.of("enrollmentId", id, "code", "000000"));
      assertEquals(401, r.status());
      assertEquals("INVALID_CODE", r.code());
      assertEquals(remaining, ((Number) r.json().get("attemptsRemaining")).intValue());
    }
    Response r = keyfob.post(CONFIRM, token,
        Map.of("enrollmentId", id, "code", keyfob.code(secret)));
    assertEquals(404, r.status());
    assertEquals("ENROLLMENT_NOT_FOUND", r.code());
  }

  @Test
  void expiredEnrollmentIsNotFound() {
    Response started = keyfob.post(START, token, Map.of());
    byte[] secret = Base32.decode(started.string("secret"));
    keyfob.clock.advance(Duration.ofSeconds(600));
    Response r = keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        started.string("enrollmentId"), "code", keyfob.code(secret)));
    assertEquals("ENROLLMENT_NOT_FOUND", r.code());
  }

  @Test
  void newStartReplacesTheEarlierPendingEnrollment() {
    Response first = keyfob.post(START, token, Map.of());
    Response second = keyfob.post(START, token, Map.of());
    byte[] firstSecret = Base32.decode(first.string("secret"));
    assertEquals("ENROLLMENT_NOT_FOUND", keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        first.string("enrollmentId"), "code", keyfob.code(firstSecret))).code());
    byte[] secondSecret = Base32.decode(second.string("secret"));
    assertEquals(200, keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        second.string("enrollmentId"), "code", keyfob.code(secondSecret))).status());
  }

  @Test
  void anotherUsersEnrollmentIdIsNotFound() {
    Response bobs = keyfob.post(START, keyfob.user("bob", "acme").sign(), Map.of());
    byte[] secret = Base32.decode(bobs.string("secret"));
    Response r = keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        bobs.string("enrollmentId"), "code", keyfob.code(secret)));
    assertEquals("ENROLLMENT_NOT_FOUND", r.code());
  }

  @Test
  void ssoCallerCannotStartEnrollment() {
    Response r = keyfob.post(START, keyfob.user("sam", "acme").amr("sso").sign(), Map.of());
    assertEquals(409, r.status());
    assertEquals("SSO_EXEMPT", r.code());
  }

  @Test
  void methodChangeNeedsARecentMfaToken() {
    Enrolled enrolled = keyfob.enroll(token);
    Response withIdpToken = keyfob.post(START, token, Map.of());
    assertEquals(403, withIdpToken.status());
    assertEquals("MFA_REQUIRED", withIdpToken.code());
    keyfob.clock.advance(Duration.ofSeconds(301));
    Response stale = keyfob.post(START, enrolled.mfaToken(), Map.of());
    assertEquals("MFA_REQUIRED", stale.code());
  }

  @Test
  void methodChangeKeepsTheOldFactorUntilConfirmedThenOnlyTheNewOneWorks() {
    Enrolled old = keyfob.enroll(token);
    Response started = keyfob.post(START, old.mfaToken(), Map.of());
    assertEquals(201, started.status(), started.body());
    byte[] fresh = Base32.decode(started.string("secret"));

    assertEquals(200, keyfob.post(VERIFY, token,
        Map.of("code", keyfob.nextCode(old.secret()))).status(), "old app still works");
    assertEquals(200, keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", old.recoveryCodes().get(0))).status(), "old codes still work");

    keyfob.clock.advance(Duration.ofSeconds(30));
    Response confirmed = keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        started.string("enrollmentId"), "code", keyfob.code(fresh)));
    assertEquals(200, confirmed.status(), confirmed.body());

    assertEquals("INVALID_CODE", keyfob.post(VERIFY, token,
        Map.of("code", keyfob.nextCode(old.secret()))).code(), "old secret stopped");
    assertEquals("INVALID_RECOVERY_CODE", keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", old.recoveryCodes().get(1))).code(), "old codes stopped");
    assertEquals(200, keyfob.post(VERIFY, token,
        Map.of("code", keyfob.nextCode(fresh))).status(), "new secret works");
    assertEquals(401, keyfob.get("/v1/me/two-factor", old.mfaToken()).status(),
        "MFA tokens of the old factor version are void");
    var types = keyfob.app.orgs().auditEvents("acme", 10, null).items().stream()
        .map(e -> e.type().name()).toList();
    assertTrue(types.contains("METHOD_CHANGED"));
    assertTrue(types.contains("ENROLLMENT_COMPLETED"));
  }

  @Test
  void factorVersionChangesOnEveryEnrollment() throws Exception {
    Enrolled first = keyfob.enroll(token);
    Response started = keyfob.post(START, first.mfaToken(), Map.of());
    byte[] secret = Base32.decode(started.string("secret"));
    keyfob.clock.advance(Duration.ofSeconds(30));
    Response second = keyfob.post(CONFIRM, token, Map.of("enrollmentId",
        started.string("enrollmentId"), "code", keyfob.code(secret)));
    long before = SignedJWT.parse(first.mfaToken()).getJWTClaimsSet().getLongClaim("fv");
    assertEquals(before + 1,
        SignedJWT.parse(second.string("mfaToken")).getJWTClaimsSet().getLongClaim("fv"),
        "a method change moves the factor version on by exactly one");
    assertEquals(before + 1, keyfob.app.accounts().states(List.of("alice")).get(0)
        .factorVersion(), "and stores that version");
  }

  @Test
  void confirmBodyMustNameTheEnrollmentAndTheCode() {
    assertEquals(400, keyfob.call("POST", CONFIRM, token, "{\"code\":\"123456\"}").status());
    assertEquals(400, keyfob.call("POST", CONFIRM, token, "{\"enrollmentId\":\"x\"}").status());
    assertEquals(400, keyfob.call("POST", CONFIRM, token, "").status());
  }
}
