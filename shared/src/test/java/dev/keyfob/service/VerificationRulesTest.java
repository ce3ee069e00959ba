package dev.keyfob.service;

import dev.keyfob.store.FailureKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.store.UserState;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerificationRulesTest extends EnrolledUserTest {

  private static final String VERIFY = "/v1/me/two-factor/verify";

  @Test
  void rightCodeGivesAnMfaTokenWithTheContractClaims() throws Exception {
    Response r = keyfob.post(VERIFY, token, Map.of("code", keyfob.nextCode(enrolled.secret())));
    assertEquals(200, r.status(), r.body());
    var claims = SignedJWT.parse(r.string("mfaToken")).getJWTClaimsSet();
    assertEquals(TestKeyfob.MFA_ISSUER, claims.getIssuer());
    assertEquals(List.of(TestKeyfob.MFA_AUDIENCE), claims.getAudience());
    assertEquals("alice", claims.getSubject());
    assertEquals("acme", claims.getStringClaim("org_id"));
    assertEquals(List.of("pwd", "mfa", "otp"), claims.getStringListClaim("amr"));
    assertEquals(1L, claims.getLongClaim("fv"));
    assertEquals(claims.getExpirationTime().toInstant().toString(), r.string("mfaTokenExpiresAt"));
  }

  @Test
  void spacesInsideTheCodeAreIgnored() {
    String code = keyfob.nextCode(enrolled.secret());
    Response r = keyfob.post(VERIFY, token,
        Map.of("code", " " + code.substring(0, 3) + " " + code.substring(3) + " "));
    assertEquals(200, r.status(), r.body());
  }

  @Test
  void codeAcceptedOnceIsNeverAcceptedAgain() {
    String code = keyfob.nextCode(enrolled.secret());
    assertEquals(200, keyfob.post(VERIFY, token, Map.of("code", code)).status());
    Response replay = keyfob.post(VERIFY, token, Map.of("code", code));
    assertEquals(401, replay.status());
    assertEquals("INVALID_CODE", replay.code());
  }

  @Test
  void codeOfTheEnrollmentConfirmCannotBeReusedAtVerify() {
    Response r = keyfob.post(VERIFY, token, Map.of("code", keyfob.code(enrolled.secret())));
    assertEquals("INVALID_CODE", r.code());
  }

  @Test
  void codesOfNeighbouringStepsAreAcceptedButNotTwoAway() {
    keyfob.clock.advance(Duration.ofMinutes(5));
    long step = dev.keyfob.totp.Totp.stepAt(keyfob.clock.instant());
    var totp = new dev.keyfob.totp.Totp(keyfob.clock);
    assertEquals(401, keyfob.post(VERIFY, token,
        Map.of("code", totp.codeAt(enrolled.secret(), step - 2))).status());
    assertEquals(200, keyfob.post(VERIFY, token,
        Map.of("code", totp.codeAt(enrolled.secret(), step - 1))).status());
    assertEquals(200, keyfob.post(VERIFY, token,
        Map.of("code", totp.codeAt(enrolled.secret(), step + 1))).status());
    assertEquals(401, keyfob.post(VERIFY, token,
        Map.of("code", totp.codeAt(enrolled.secret(), step))).status(),
        "a step below the last accepted one is refused");
  }

  @Test
  void wrongCodesCountDownThenLockWithRetryAfter() {
    for (int remaining = 4; remaining >= 0; remaining--) {
      Response r = keyfob.post(VERIFY, token, Map.of("code", "000000"));
      assertEquals(401, r.status());
      assertEquals(remaining, ((Number) r.json().get("attemptsRemaining")).intValue());
    }
    Response locked = keyfob.post(VERIFY, token,
        Map.of("code", keyfob.code(enrolled.secret())));
    assertEquals(429, locked.status());
    assertEquals("LOCKED", locked.code());
    assertEquals("60", locked.headers().get("Retry-After"));
    Instant until = Instant.parse(locked.string("lockedUntil"));
    assertEquals(keyfob.clock.instant().plusSeconds(60), until);
    assertEquals(false, locked.json().get("permanent"));
  }

  @Test
  void failureThatSetsTheLockSaysUntilWhen() {
    for (int i = 0; i < 4; i++) {
      keyfob.post(VERIFY, token, Map.of("code", "000000"));
    }
    Response fifth = keyfob.post(VERIFY, token, Map.of("code", "000000"));
    assertEquals(401, fifth.status());
    assertEquals(keyfob.clock.instant().plusSeconds(60).toString(), fifth.string("lockedUntil"));
    assertEquals("60", fifth.headers().get("Retry-After"));
    assertEquals(false, fifth.json().get("permanent"));
  }

  @Test
  void rightCodeDuringLockIsRefusedAndAcceptedAfterIt() {
    lockOnce();
    keyfob.clock.advance(Duration.ofSeconds(59));
    assertEquals(429, keyfob.post(VERIFY, token,
        Map.of("code", keyfob.code(enrolled.secret()))).status());
    keyfob.clock.advance(Duration.ofSeconds(1));
    assertEquals(200, keyfob.post(VERIFY, token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))).status());
  }

  @Test
  void lockDoublesForTheNextRunOfFailuresAndSuccessResetsTheCount() {
    lockOnce();
    keyfob.clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 4; i++) {
      keyfob.post(VERIFY, token, Map.of("code", "000000"));
    }
    Response fifth = keyfob.post(VERIFY, token, Map.of("code", "000000"));
    assertEquals(0, ((Number) fifth.json().get("attemptsRemaining")).intValue());
    Response locked = keyfob.post(VERIFY, token, Map.of("code", "000000"));
    assertEquals("120", locked.headers().get("Retry-After"));
    keyfob.clock.advance(Duration.ofSeconds(120));
    assertEquals(200, keyfob.post(VERIFY, token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))).status());
    Response afterSuccess = keyfob.post(VERIFY, token, Map.of("code", "000000"));
    assertEquals(4, ((Number) afterSuccess.json().get("attemptsRemaining")).intValue());
  }

  @Test
  void hundredConsecutiveFailuresLockPermanentlyUntilAReset() {
    Response last = null;
    for (int i = 0; i < 100; i++) {
      Response r = keyfob.post(VERIFY, token, Map.of("code", "000000"));
      last = r;
      if (r.status() == 429) {
        keyfob.clock.advance(Duration.ofHours(1));
        token = keyfob.user("alice", "acme").sign();
        i--;
        continue;
      }
      assertEquals(401, r.status(), "failure " + (i + 1));
    }
    assertEquals(true, last.json().get("permanent"), "the 100th failure says it is for good");
    assertNull(last.headers().get("Retry-After"));
    keyfob.clock.advance(Duration.ofDays(2));
    token = keyfob.user("alice", "acme").sign();
    Response locked = keyfob.post(VERIFY, token,
        Map.of("code", keyfob.nextCode(enrolled.secret())));
    assertEquals(429, locked.status());
    assertEquals(true, locked.json().get("permanent"));
    assertNull(locked.json().get("lockedUntil"));
    assertNull(locked.headers().get("Retry-After"));
    Response status = keyfob.get("/v1/me/two-factor", token);
    assertNull(status.json().get("lockedUntil"), "status shows no time for a permanent lock");
    assertEquals(true, status.json().get("lockedPermanently"));
  }

  @ParameterizedTest(name = "look-alike code \"{0}\" is a wrong code")
  @ValueSource(strings = {"１２３４５６", "١٢٣٤٥٦", "12345", "1234567", "+12345", "-12345",
      "12\t3456", "123\u00a0456", "12345a", "", "      "})
  void lookAlikeCodesAreWrongCodesAndCounted(String code) {
    Response r = keyfob.post(VERIFY, token, Map.of("code", code));
    assertEquals(401, r.status());
    assertEquals("INVALID_CODE", r.code());
    assertEquals(1, state().failures(FailureKind.TOTP));
  }

  @Test
  void codeThatIsNotAStringIsABadRequestAndNotCounted() {
    for (String body : List.of("{\"code\":123456}", "{\"code\":null}", "{}", "[]", "not json",
        "{\"code\":[\"123456\"]}")) {
      Response r = keyfob.call("POST", VERIFY, token, body);
      assertEquals(400, r.status(), body);
      assertEquals("INVALID_REQUEST", r.code());
    }
    assertEquals(0, state().failures(FailureKind.TOTP));
  }

  @Test
  void userWithoutFactorGetsNotEnrolled() {
    Response r = keyfob.post(VERIFY, keyfob.user("bob", "acme").sign(),
        Map.of("code", "123456"));
    assertEquals(409, r.status());
    assertEquals("NOT_ENROLLED", r.code());
  }

  @Test
  void ssoCallerGetsSsoExemptBeforeNotEnrolled() {
    Response r = keyfob.post(VERIFY, keyfob.user("carol", "acme").amr("sso").sign(),
        Map.of("code", "123456"));
    assertEquals(409, r.status());
    assertEquals("SSO_EXEMPT", r.code());
  }

  @Test
  void failuresAreCountedAcrossTokensOfTheSameUser() {
    keyfob.post(VERIFY, token, Map.of("code", "000000"));
    String other = keyfob.user("alice", "acme").amr("google").sign();
    Response r = keyfob.post(VERIFY, other, Map.of("code", "000000"));
    assertEquals(3, ((Number) r.json().get("attemptsRemaining")).intValue());
  }

  @Test
  void lockIsWrittenToTheAuditTrailWithoutTheCode() {
    lockOnce();
    var events = keyfob.app.orgs().auditEvents("acme", 10, null).items();
    assertTrue(events.stream().anyMatch(e -> e.type().name().equals("LOCKED")));
    assertFalse(keyfob.logs().contains("000000"));
  }

  @Test
  void verifiedTimeIsRecordedAsTheTimeOfTheVerification() {
    keyfob.clock.advance(Duration.ofMinutes(7));
    String code = keyfob.nextCode(enrolled.secret());
    java.time.Instant verifiedAt = keyfob.clock.instant();
    assertEquals(200, keyfob.post(VERIFY, token, Map.of("code", code)).status());
    assertEquals(verifiedAt, state().lastVerifiedAt());
    keyfob.clock.advance(Duration.ofMinutes(3));
    keyfob.post(VERIFY, token, Map.of("code", "000000"));
    assertEquals(verifiedAt, state().lastVerifiedAt(), "a wrong code verifies nothing");
  }

  private void lockOnce() {
    for (int i = 0; i < 5; i++) {
      keyfob.post(VERIFY, token, Map.of("code", "000000"));
    }
  }

  private UserState state() {
    return keyfob.app.accounts().states(List.of("alice")).get(0);
  }
}
