package dev.keyfob.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrgSecurityRulesTest {

  private static final String SECURITY = "/v1/orgs/acme/security";
  private static final String TWO_FACTOR = "/v1/orgs/acme/security/two-factor";
  private static final String SSO = "/v1/orgs/acme/security/sso";
  private TestKeyfob keyfob;
  private String admin;

  @BeforeEach
  void setUp() {
    keyfob = TestKeyfob.inMemory();
    admin = keyfob.user("ada", "acme").admin().sign();
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
  }

  @Test
  void adminWithFreshPasswordEnablesTwoFactorAndMembersMustEnroll() {
    Response r = keyfob.put(TWO_FACTOR, admin, Map.of("enabled", true));
    assertEquals(200, r.status(), r.body());
    assertEquals(true, r.json().get("twoFactorRequired"));
    assertEquals(0, ((Number) r.json().get("gracePeriodDays")).intValue());
    assertEquals("ada", r.string("changedBy"));
    assertEquals(keyfob.clock.instant().toString(), r.string("enforcedSince"));
    String member = keyfob.user("mo", "acme").signedInAgo(Duration.ofDays(3)).sign();
    Response status = keyfob.get("/v1/me/two-factor", member);
    assertEquals("ENROLL", status.string("nextStep"));
    assertEquals(true, status.json().get("orgRequiresTwoFactor"));
    assertEquals("ENROLLMENT_REQUIRED", keyfob.get(SECURITY, admin).code(),
        "the admin too must enroll before using admin routes");
  }

  @Test
  void gracePeriodDelaysEnforcementAndShowsTheDeadline() {
    keyfob.put(TWO_FACTOR, admin, Map.of("enabled", true, "gracePeriodDays", 7));
    Instant deadline = keyfob.clock.instant().plus(Duration.ofDays(7));
    String member = keyfob.user("mo", "acme").sign();
    Response during = keyfob.get("/v1/me/two-factor", member);
    assertEquals("NONE", during.string("nextStep"));
    assertEquals(deadline.toString(), during.string("enrollmentDeadline"));
    assertEquals(true, during.json().get("orgRequiresTwoFactor"));
    keyfob.clock.advance(Duration.ofDays(7));
    member = keyfob.user("mo", "acme").sign();
    Response after = keyfob.get("/v1/me/two-factor", member);
    assertEquals("ENROLL", after.string("nextStep"));
    assertNull(after.json().get("enrollmentDeadline"));
  }

  @Test
  void stalePasswordSignInNeedsAStepUp() {
    String stale = keyfob.user("ada", "acme").admin().signedInAgo(Duration.ofSeconds(301)).sign();
    assertEquals("STEP_UP_REQUIRED", keyfob.put(TWO_FACTOR, stale, Map.of("enabled", true)).code());
    String fresh = keyfob.user("ada", "acme").admin().signedInAgo(Duration.ofSeconds(300)).sign();
    assertEquals(200, keyfob.put(TWO_FACTOR, fresh, Map.of("enabled", true)).status());
  }

  @Test
  void adminWithoutAPasswordIsToldToSetOneFirst() {
    String google = keyfob.user("ada", "acme").admin().amr("google").sign();
    Response r = keyfob.put(TWO_FACTOR, google, Map.of("enabled", true));
    assertEquals(403, r.status());
    assertEquals("PASSWORD_REQUIRED", r.code());
    String magic = keyfob.user("ada", "acme").admin().amr("magic_link").pwdSet(false).sign();
    assertEquals("PASSWORD_REQUIRED", keyfob.put(SSO, magic, Map.of("enabled", true)).code());
    String hasPassword = keyfob.user("ada", "acme").admin().amr("google").pwdSet(true).sign();
    assertEquals("STEP_UP_REQUIRED",
        keyfob.put(TWO_FACTOR, hasPassword, Map.of("enabled", true)).code());
  }

  @Test
  void membersAndOtherOrgsAdminsAreForbidden() {
    String member = keyfob.user("mo", "acme").sign();
    assertEquals("FORBIDDEN", keyfob.get(SECURITY, member).code());
    assertEquals("FORBIDDEN", keyfob.put(TWO_FACTOR, member, Map.of("enabled", true)).code());
    String otherAdmin = keyfob.user("eve", "globex").admin().sign();
    assertEquals("FORBIDDEN", keyfob.get(SECURITY, otherAdmin).code());
    assertEquals("FORBIDDEN", keyfob.put(SSO, otherAdmin, Map.of("enabled", true)).code());
  }

  @Test
  void twoFactorAndSsoExcludeEachOther() {
    assertEquals(200, keyfob.put(SSO, admin, Map.of("enabled", true)).status());
    Response blocked = keyfob.put(TWO_FACTOR, admin, Map.of("enabled", true));
    assertEquals(409, blocked.status());
    assertEquals("SSO_ENABLED", blocked.code());
    Response view = keyfob.get(SECURITY, admin);
    assertEquals(false, view.json().get("twoFactorAvailable"));
    assertEquals(200, keyfob.put(SSO, admin, Map.of("enabled", false)).status());
    assertEquals(200, keyfob.put(TWO_FACTOR, admin,
        Map.of("enabled", true, "gracePeriodDays", 3)).status());
    Response ssoBlocked = keyfob.put(SSO, admin, Map.of("enabled", true));
    assertEquals(409, ssoBlocked.status());
    assertEquals("TWO_FACTOR_ENABLED", ssoBlocked.code());
  }

  @Test
  void bodiesAreValidatedBeforeWhoMayCall() {
    String member = keyfob.user("mo", "acme").sign();
    assertEquals("INVALID_REQUEST", keyfob.put(TWO_FACTOR, member, Map.of("enabled", "yes")).code());
    assertEquals("INVALID_REQUEST", keyfob.put(TWO_FACTOR, admin,
        Map.of("enabled", true, "gracePeriodDays", 31)).code());
    assertEquals("INVALID_REQUEST", keyfob.put(TWO_FACTOR, admin,
        Map.of("enabled", true, "gracePeriodDays", 1.5)).code());
    assertEquals("INVALID_REQUEST", keyfob.put(TWO_FACTOR, admin,
        Map.of("enabled", true, "gracePeriodDays", -1)).code());
    assertEquals("INVALID_REQUEST", keyfob.get("/v1/orgs/ac%20me/security", admin).code());
    assertEquals(false, keyfob.app.orgs().settings("acme").twoFactorRequired());
  }

  @Test
  void rolloutCountsMembersSeenAndEnrolled() {
    keyfob.get("/v1/me/two-factor", keyfob.user("mo", "acme").sign());
    keyfob.enroll(keyfob.user("jo", "acme").sign());
    keyfob.get("/v1/me/two-factor", keyfob.user("zed", "globex").sign());
    Response view = keyfob.get(SECURITY, admin);
    assertEquals(3, ((Number) view.json().get("members")).intValue(), "mo, jo and ada");
    assertEquals(1, ((Number) view.json().get("membersEnrolled")).intValue());
  }

  @Test
  void togglesAreAudited() {
    keyfob.put(TWO_FACTOR, admin, Map.of("enabled", true, "gracePeriodDays", 5));
    keyfob.clock.advance(Duration.ofSeconds(1));
    keyfob.put(TWO_FACTOR, admin, Map.of("enabled", true, "gracePeriodDays", 5));
    keyfob.clock.advance(Duration.ofSeconds(1));
    keyfob.put(TWO_FACTOR, admin, Map.of("enabled", false));
    keyfob.clock.advance(Duration.ofSeconds(1));
    keyfob.put(SSO, admin, Map.of("enabled", true));
    var types = keyfob.app.orgs().auditEvents("acme", 10, null).items().stream()
        .map(e -> e.type().name()).toList();
    assertEquals(java.util.List.of("SSO_ENABLED", "TWO_FACTOR_DISABLED", "TWO_FACTOR_ENABLED"),
        types, "newest first; repeating the same setting is no event");
  }
}
