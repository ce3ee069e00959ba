package dev.keyfob.service;

import dev.keyfob.store.FailureKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminRulesTest {

  private static final String RESETS = "/v1/orgs/acme/two-factor/resets";
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
  void bulkResetReportsEachUserAndResetsOnlyMembers() {
    String mo = keyfob.user("mo", "acme").sign();
    Enrolled mos = keyfob.enroll(mo);
    keyfob.get("/v1/me/two-factor", keyfob.user("jo", "acme").sign());
    keyfob.enroll(keyfob.user("zed", "globex").sign());
    keyfob.clock.advance(java.time.Duration.ofSeconds(1));
    Response r = keyfob.post(RESETS, admin, Map.of("userIds",
        List.of("mo", "jo", "zed", "ada", "mo", "nobody"), "reason", "lost phone"));
    assertEquals(200, r.status(), r.body());
    assertEquals(List.of(
        Map.of("userId", "mo", "status", "RESET"),
        Map.of("userId", "jo", "status", "NOT_ENROLLED"),
        Map.of("userId", "zed", "status", "NOT_A_MEMBER"),
        Map.of("userId", "ada", "status", "SELF"),
        Map.of("userId", "nobody", "status", "NOT_A_MEMBER")), r.json().get("results"));
    assertEquals(401, keyfob.get("/v1/me/two-factor", mos.mfaToken()).status(),
        "MFA tokens from before the reset are void");
    Response status = keyfob.get("/v1/me/two-factor", mo);
    assertEquals(false, status.json().get("enrolled"));
    var zed = keyfob.app.accounts().states(List.of("zed")).get(0);
    assertTrue(zed.hasFactor(), "another org's user is untouched");
    Map<String, String> results = new java.util.HashMap<>();
    for (var event : keyfob.app.orgs().auditEvents("acme", 10, null).items()) {
      if (!event.type().name().equals("ADMIN_RESET")) {
        continue;
      }
      assertEquals("ada", event.actorId());
      assertEquals("lost phone", event.details().get("reason"));
      results.put(event.targetUserId(), event.details().get("result"));
    }
    assertEquals(Map.of("mo", "RESET", "jo", "NOT_ENROLLED"), results,
        "both resets that changed something are audited, with their result");
  }

  @Test
  void resetClearsLocksAndTheUserEnrollsAfresh() {
    String mo = keyfob.user("mo", "acme").sign();
    keyfob.enroll(mo);
    for (int i = 0; i < 5; i++) {
      keyfob.post("/v1/me/two-factor/verify", mo, Map.of("code", "000000"));
    }
    keyfob.post(RESETS, admin, Map.of("userIds", List.of("mo"), "reason", "locked out"));
    var state = keyfob.app.accounts().states(List.of("mo")).get(0);
    assertEquals(0, state.failures(FailureKind.TOTP));
    assertNull(state.lockedUntil(FailureKind.TOTP));
    keyfob.enroll(mo);
  }

  @Test
  void resetBodiesAreValidated() {
    assertEquals(400, keyfob.post(RESETS, admin, Map.of("userIds", List.of(),
        "reason", "x")).status());
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add("u" + i);
    }
    assertEquals(400, keyfob.post(RESETS, admin, Map.of("userIds", many, "reason", "x"))
        .status());
    assertEquals(400, keyfob.post(RESETS, admin, Map.of("userIds", List.of("bad id"),
        "reason", "x")).status());
    assertEquals(400, keyfob.post(RESETS, admin, Map.of("userIds", List.of("mo"),
        "reason", "")).status());
    assertEquals(400, keyfob.post(RESETS, admin, Map.of("userIds", List.of("mo"),
        "reason", "x".repeat(501))).status());
    assertEquals(400, keyfob.post(RESETS, admin, Map.of("userIds", List.of("mo"))).status());
  }

  @Test
  void onlyAdminsOfThePathsOrgMayReset() {
    assertEquals("FORBIDDEN", keyfob.post(RESETS, keyfob.user("mo", "acme").sign(),
        Map.of("userIds", List.of("jo"), "reason", "x")).code());
    assertEquals("FORBIDDEN", keyfob.post(RESETS, keyfob.user("eve", "globex").admin().sign(),
        Map.of("userIds", List.of("jo"), "reason", "x")).code());
  }

  @Test
  void adminWithAFactorMustVerifyBeforeAdminRoutes() {
    Enrolled adas = keyfob.enroll(admin);
    assertEquals("MFA_REQUIRED", keyfob.get("/v1/orgs/acme/members", admin).code());
    assertEquals(200, keyfob.get("/v1/orgs/acme/members", adas.mfaToken()).status());
  }

  @Test
  void supportResetsAnyUserAndAuditsEveryOrgOfTheUser() {
    String mo = keyfob.user("mo", "acme").admin().sign();
    keyfob.enroll(mo);
    keyfob.get("/v1/me/two-factor", keyfob.user("mo", "globex").sign());
    // Support staff always use a second factor; an SSO sign-in carries the operator's own.
    String support = keyfob.user("sue", "keyfob-ops").support().amr("sso").sign();
    keyfob.clock.advance(java.time.Duration.ofSeconds(1));
    Response r = keyfob.post("/v1/support/two-factor/resets", support,
        Map.of("userId", "mo", "ticket", "T-1234", "reason", "verified by video call"));
    assertEquals(200, r.status(), r.body());
    assertEquals(Map.of("userId", "mo", "status", "RESET"), r.json());
    for (String org : List.of("acme", "globex")) {
      var event = keyfob.app.orgs().auditEvents(org, 1, null).items().get(0);
      assertEquals("SUPPORT_RESET", event.type().name());
      assertEquals("T-1234", event.details().get("ticket"));
      assertEquals("sue", event.actorId());
    }
    Response unknown = keyfob.post("/v1/support/two-factor/resets", support,
        Map.of("userId", "ghost", "ticket", "T-1", "reason", "x"));
    assertEquals("NOT_ENROLLED", unknown.string("status"));
  }

  @Test
  void supportRouteNeedsSupportStaff() {
    Response r = keyfob.post("/v1/support/two-factor/resets", admin,
        Map.of("userId", "mo", "ticket", "T-1", "reason", "x"));
    assertEquals("FORBIDDEN", r.code());
    Response missingTicket = keyfob.post("/v1/support/two-factor/resets",
        keyfob.user("sue", "ops").support().sign(), Map.of("userId", "mo", "reason", "x"));
    assertEquals("INVALID_REQUEST", missingTicket.code());
  }

  @Test
  void membersArePagedInUserIdOrder() {
    for (String u : List.of("u3", "u1", "u5", "u2", "u4")) {
      keyfob.get("/v1/me/two-factor", keyfob.user(u, "acme").sign());
    }
    keyfob.enroll(keyfob.user("u2", "acme").sign());
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response r = keyfob.get("/v1/orgs/acme/members?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertEquals(200, r.status(), r.body());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows = (List<Map<String, Object>>) r.json().get("members");
      for (Map<String, Object> row : rows) {
        seen.add((String) row.get("userId"));
        if (row.get("userId").equals("u2")) {
          assertEquals(true, row.get("enrolled"));
          assertEquals(10, ((Number) row.get("recoveryCodesRemaining")).intValue());
          assertNotNull(row.get("lastVerifiedAt"));
          assertEquals("u2@example.com", row.get("email"));
        }
      }
      cursor = r.string("nextCursor");
      pages++;
    } while (cursor != null);
    assertEquals(List.of("ada", "u1", "u2", "u3", "u4", "u5"), seen);
    assertEquals(3, pages);
  }

  @Test
  void listingParametersAreValidated() {
    assertEquals(400, keyfob.get("/v1/orgs/acme/members?limit=0", admin).status());
    assertEquals(400, keyfob.get("/v1/orgs/acme/members?limit=101", admin).status());
    assertEquals(400, keyfob.get("/v1/orgs/acme/members?limit=ten", admin).status());
    assertEquals(400, keyfob.get("/v1/orgs/acme/members?cursor=%%%", admin).status());
    assertEquals(400, keyfob.get("/v1/orgs/acme/audit-events?cursor=bm9wZQ", admin).status());
  }

  @Test
  void auditEventsComeNewestFirstAcrossPages() {
    for (int i = 0; i < 3; i++) {
      keyfob.put("/v1/orgs/acme/security/sso", admin, Map.of("enabled", true));
      keyfob.clock.advance(java.time.Duration.ofSeconds(1));
      keyfob.put("/v1/orgs/acme/security/sso", admin, Map.of("enabled", false));
      keyfob.clock.advance(java.time.Duration.ofSeconds(1));
    }
    Response first = keyfob.get("/v1/orgs/acme/audit-events?limit=4", admin);
    Response second = keyfob.get("/v1/orgs/acme/audit-events?limit=4&cursor="
        + first.string("nextCursor"), admin);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> a = (List<Map<String, Object>>) first.json().get("events");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> b = (List<Map<String, Object>>) second.json().get("events");
    assertEquals(4, a.size());
    assertEquals(2, b.size());
    assertNull(second.json().get("nextCursor"));
    assertEquals("SSO_DISABLED", a.get(0).get("type"));
    assertEquals("SSO_ENABLED", b.get(1).get("type"));
    List<String> times = new ArrayList<>();
    a.forEach(e -> times.add((String) e.get("at")));
    b.forEach(e -> times.add((String) e.get("at")));
    List<String> sorted = new ArrayList<>(times);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertEquals(sorted, times);
  }
}
