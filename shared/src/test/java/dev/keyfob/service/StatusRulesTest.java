package dev.keyfob.service;

import dev.keyfob.store.Lookups;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

  private static final String ME = "/v1/me/two-factor";
  private TestKeyfob keyfob;

  @BeforeEach
  void setUp() {
    keyfob = TestKeyfob.inMemory();
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
  }

  @Test
  void newUserOfAnOrgWithout2faNeedsNothing() {
    Response r = keyfob.get(ME, keyfob.user("mo", "acme").sign());
    assertEquals(200, r.status(), r.body());
    assertEquals(Map.of("userId", "mo", "orgId", "acme", "orgRequiresTwoFactor", false,
        "exempt", false, "enrolled", false, "nextStep", "NONE", "recoveryCodesRemaining", 0,
        "lockedPermanently", false, "methods", Map.of("totp", false, "webauthn", 0),
        "rememberDeviceDays", 0),
        withoutNulls(r.json()));
    assertTrue(r.json().containsKey("webauthnLockedUntil"), "present, as null");
    assertTrue(r.json().containsKey("enrollmentDeadline"), "present, as null");
    assertNull(r.json().get("enrollmentDeadline"));
    assertTrue(r.json().containsKey("lockedUntil"), "present, as null");
    assertNull(r.json().get("lockedUntil"));
    assertNotNull(keyfob.app.accounts().load("mo", "acme", Lookups.NONE).membership(),
        "the call recorded the member");
  }

  @Test
  void enrolledUserWithIdpTokenMustVerifyAndWithMfaTokenIsDone() {
    String token = keyfob.user("mo", "acme").sign();
    Enrolled e = keyfob.enroll(token);
    assertEquals("VERIFY", keyfob.get(ME, token).string("nextStep"));
    assertEquals("NONE", keyfob.get(ME, e.mfaToken()).string("nextStep"));
  }

  @Test
  void ssoUserIsExemptAndNeverPrompted() {
    keyfob.put("/v1/orgs/acme/security/two-factor", keyfob.user("ada", "acme").admin().sign(),
        Map.of("enabled", true));
    Response r = keyfob.get(ME, keyfob.user("sam", "acme").amr("sso").sign());
    assertEquals(true, r.json().get("exempt"));
    assertEquals("NONE", r.string("nextStep"));
  }

  @Test
  void lockedUntilShowsTheTotpLock() {
    String token = keyfob.user("mo", "acme").sign();
    keyfob.enroll(token);
    for (int i = 0; i < 5; i++) {
      keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000"));
    }
    assertEquals(keyfob.clock.instant().plusSeconds(60).toString(),
        keyfob.get(ME, token).string("lockedUntil"));
  }

  @Test
  void googleSignInIsCoveredLikePasswordSignIn() {
    keyfob.put("/v1/orgs/acme/security/two-factor", keyfob.user("ada", "acme").admin().sign(),
        Map.of("enabled", true));
    String google = keyfob.user("gus", "acme").amr("google").sign();
    assertEquals("ENROLL", keyfob.get(ME, google).string("nextStep"));
    assertEquals("ENROLLMENT_REQUIRED", keyfob.get("/v1/orgs/acme/members",
        keyfob.user("gus", "acme").admin().amr("google").sign()).code());
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> copy = new java.util.HashMap<>(m);
    copy.values().removeIf(java.util.Objects::isNull);
    copy.replaceAll((k, v) -> v instanceof Number n ? Integer.valueOf(n.intValue()) : v);
    return copy;
  }
}
