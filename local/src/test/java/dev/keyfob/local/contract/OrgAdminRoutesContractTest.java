package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertCommonHeaders;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertTime;
import static dev.keyfob.local.contract.ContractAssertions.assertTimeOrNull;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml (the contract), Routes, the admin and support ones, and "Who may call what", over HTTP against
 * {@code scripts/run-local}: org security (2FA with grace period, SSO, their exclusion: 409
 * SSO_ENABLED and TWO_FACTOR_ENABLED), the fresh-password rule (STEP_UP_REQUIRED,
 * PASSWORD_REQUIRED), ENROLLMENT_REQUIRED and MFA_REQUIRED, members paging, admin and support
 * resets with every result status, and the audit trail with every event type, newest first.
 */
@ExtendWith(RunLocal.class)
class OrgAdminRoutesContractTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static Api api;

  @BeforeAll
  static void setUp(Api runLocal) {
    api = runLocal;
  }

  private static String security(String org) {
    return "/v1/orgs/" + org + "/security";
  }

  @Test
  void orgSecurityOfANewOrgHasEveryFieldAtItsDefault() {
    String org = Ids.unique("org");
    Reply r = api.get(security(org), api.idToken(DevToken.admin(Ids.unique("admin"), org)));
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    Map<String, Object> s = r.json();
    assertEquals(Set.of("orgId", "twoFactorRequired", "ssoEnabled", "twoFactorAvailable",
        "gracePeriodDays", "enforcedSince", "changedBy", "changedAt", "members",
        "membersEnrolled", "rememberDeviceDays"), s.keySet());
    assertEquals(0, ((Number) s.get("rememberDeviceDays")).intValue(), "off by default");
    assertEquals(org, s.get("orgId"));
    assertEquals(false, s.get("twoFactorRequired"));
    assertEquals(false, s.get("ssoEnabled"));
    assertEquals(true, s.get("twoFactorAvailable"));
    assertEquals(0, ((Number) s.get("gracePeriodDays")).intValue());
    assertNull(s.get("enforcedSince"));
    assertNull(s.get("changedBy"));
    assertNull(s.get("changedAt"));
    assertEquals(1, ((Number) s.get("members")).intValue(), "the admin, recorded by the call");
    assertEquals(0, ((Number) s.get("membersEnrolled")).intValue());
  }

  @Test
  void enablingTwoFactorWithAGracePeriodShowsMembersTheDeadline() {
    String org = Ids.unique("org");
    String adminId = Ids.unique("admin");
    String admin = api.idToken(DevToken.admin(adminId, org));
    String member = api.idToken(DevToken.member(Ids.unique("member"), org));
    Flows.enroll(api, CLOCK, Ids.unique("enrolled"), org,
        api.idToken(DevToken.member(Ids.unique("enrolled"), org)));
    api.get("/v1/me/two-factor", member);
    Reply r = api.put(security(org) + "/two-factor", admin,
        Map.of("enabled", true, "gracePeriodDays", 7));
    assertEquals(200, r.status(), r.toString());
    Map<String, Object> s = r.json();
    assertEquals(true, s.get("twoFactorRequired"));
    assertEquals(7, ((Number) s.get("gracePeriodDays")).intValue());
    Instant since = assertTime(s.get("enforcedSince"));
    assertEquals(adminId, s.get("changedBy"));
    assertTime(s.get("changedAt"));
    assertEquals(3, ((Number) s.get("members")).intValue());
    assertEquals(1, ((Number) s.get("membersEnrolled")).intValue());

    Map<String, Object> status = api.get("/v1/me/two-factor", member).json();
    assertEquals(true, status.get("orgRequiresTwoFactor"));
    assertEquals(since.plus(Duration.ofDays(7)), assertTime(status.get("enrollmentDeadline")));
    assertEquals("NONE", status.get("nextStep"), "the grace period runs");
    assertEquals(200, api.get(security(org), admin).status(), "2FA satisfied in the grace");
  }

  @Test
  void requiredAtOnceEveryoneWithoutAFactorMustEnrollWhateverTheirSignInTime() {
    String org = Ids.unique("org");
    String admin = api.idToken(DevToken.admin(Ids.unique("admin"), org));
    Flows.Enrolled enrolledAdmin = Flows.enrolledUser(api, CLOCK, org, true);
    Flows.requireTwoFactor(api, org, admin, 0);
    String oldSignIn = api.idToken(DevToken.member(Ids.unique("member"), org)
        .authTimeSecondsAgo(30 * 86400));
    Map<String, Object> status = api.get("/v1/me/two-factor", oldSignIn).json();
    assertEquals("ENROLL", status.get("nextStep"));
    assertNull(status.get("enrollmentDeadline"));
    // Admin routes need 2FA satisfied: no factor is ENROLLMENT_REQUIRED, a factor MFA_REQUIRED.
    assertProblem(api.get(security(org), admin), 403, "ENROLLMENT_REQUIRED");
    assertProblem(api.get(security(org), enrolledAdmin.idToken()), 403, "MFA_REQUIRED");
    assertEquals("VERIFY", api.get("/v1/me/two-factor", enrolledAdmin.idToken()).json()
        .get("nextStep"));
    assertEquals(200, api.get(security(org), enrolledAdmin.mfaToken()).status());
    // The way out is open: enrolling needs only a signed-in user.
    assertEquals(201, api.post("/v1/me/two-factor/enrollment", oldSignIn, "{}").status());
  }

  @Test
  void twoFactorAndSsoExcludeEachOther() {
    String org = Ids.unique("org");
    String admin = api.idToken(DevToken.admin(Ids.unique("admin"), org));
    Flows.requireTwoFactor(api, org, admin, 3);
    assertProblem(api.put(security(org) + "/sso", admin, Map.of("enabled", true)), 409,
        "TWO_FACTOR_ENABLED");
    assertEquals(false, api.put(security(org) + "/two-factor", admin,
        Map.of("enabled", false)).json().get("twoFactorRequired"));
    Reply sso = api.put(security(org) + "/sso", admin, Map.of("enabled", true));
    assertEquals(200, sso.status(), sso.toString());
    assertEquals(true, sso.json().get("ssoEnabled"));
    assertEquals(false, sso.json().get("twoFactorAvailable"));
    assertProblem(api.put(security(org) + "/two-factor", admin, Map.of("enabled", true)), 409,
        "SSO_ENABLED");
    // Turning 2FA off while SSO is on is no conflict.
    assertEquals(200, api.put(security(org) + "/two-factor", admin,
        Map.of("enabled", false)).status());
  }

  @Test
  void orgSettingsNeedAFreshPasswordSignIn() {
    String org = Ids.unique("org");
    String adminId = Ids.unique("admin");
    String path = security(org) + "/two-factor";
    Map<String, Object> on = Map.of("enabled", true, "gracePeriodDays", 5);
    assertProblem(api.put(path, api.idToken(DevToken.admin(adminId, org)
        .authTimeSecondsAgo(400)), on), 403, "STEP_UP_REQUIRED");
    assertProblem(api.put(path, api.idToken(DevToken.admin(adminId, org).amr("google")), on),
        403, "PASSWORD_REQUIRED");
    assertProblem(api.put(path, api.idToken(DevToken.admin(adminId, org).amr("magic_link")
        .pwdSet(false)), on), 403, "PASSWORD_REQUIRED");
    assertProblem(api.put(path, api.idToken(DevToken.admin(adminId, org).amr("google")
        .pwdSet(true)), on), 403, "STEP_UP_REQUIRED");
    assertProblem(api.put(security(org) + "/sso", api.idToken(DevToken.admin(adminId, org)
        .amr("google")), Map.of("enabled", true)), 403, "PASSWORD_REQUIRED");
    // An MFA token carries the sign-in's auth_time: a stale password stays stale.
    String staleId = Ids.unique("admin");
    Flows.Enrolled stale = Flows.enroll(api, CLOCK, staleId, org,
        api.idToken(DevToken.admin(staleId, org).authTimeSecondsAgo(400)));
    assertProblem(api.put(path, stale.mfaToken(), on), 403, "STEP_UP_REQUIRED");
    assertEquals(200, api.put(path, api.idToken(DevToken.admin(adminId, org)
        .authTimeSecondsAgo(200)), on).status());
  }

  @Test
  void membersArePagedInUserIdOrderWithTheirFactorState() {
    String org = Ids.unique("org");
    String admin = api.idToken(DevToken.admin("a-" + Ids.unique("admin"), org));
    api.get("/v1/me/two-factor", admin);
    String plainId = "b-" + Ids.unique("plain");
    api.get("/v1/me/two-factor", api.idToken(DevToken.member(plainId, org)
        .email("plain@example.org")));
    String lockedId = "c-" + Ids.unique("locked");
    Flows.Enrolled locked = Flows.enroll(api, CLOCK, lockedId, org,
        api.idToken(DevToken.member(lockedId, org)));
    for (int i = 0; i < 5; i++) {
      api.post("/v1/me/two-factor/verify", locked.idToken(), Map.of("code", "000000"));
    }
    String path = "/v1/orgs/" + org + "/members";
    Reply first = api.get(path + "?limit=2", admin);
    assertEquals(200, first.status(), first.toString());
    assertCommonHeaders(first);
    assertEquals(Set.of("members", "nextCursor"), first.json().keySet());
    List<?> page1 = (List<?>) first.json().get("members");
    assertEquals(2, page1.size());
    String cursor = first.string("nextCursor");
    Reply second = api.get(path + "?limit=2&cursor=" + cursor, admin);
    List<?> page2 = (List<?>) second.json().get("members");
    assertNull(second.json().get("nextCursor"), "the last page has no cursor");
    List<Map<?, ?>> all = new ArrayList<>();
    page1.forEach(m -> all.add((Map<?, ?>) m));
    page2.forEach(m -> all.add((Map<?, ?>) m));
    assertEquals(3, all.size());
    List<Object> ids = new ArrayList<>();
    all.forEach(m -> ids.add(m.get("userId")));
    assertEquals(ids.stream().map(String::valueOf).sorted().toList(),
        ids.stream().map(String::valueOf).toList(), "ordered by userId");
    for (Map<?, ?> m : all) {
      assertEquals(Set.of("userId", "email", "enrolled", "recoveryCodesRemaining",
          "lastVerifiedAt", "lockedUntil", "lockedPermanently", "methods", "otherOrgs"),
          m.keySet());
      assertInstanceOf(Map.class, m.get("methods"));
      assertEquals(false, m.get("otherOrgs"), "members of this org alone");
    }
    Map<?, ?> plain = all.get(1);
    assertEquals(plainId, plain.get("userId"));
    assertEquals("plain@example.org", plain.get("email"));
    assertEquals(false, plain.get("enrolled"));
    assertEquals(0, ((Number) plain.get("recoveryCodesRemaining")).intValue());
    assertNull(plain.get("lastVerifiedAt"));
    assertNull(plain.get("lockedUntil"));
    Map<?, ?> lockedRow = all.get(2);
    assertEquals(true, lockedRow.get("enrolled"));
    assertEquals(10, ((Number) lockedRow.get("recoveryCodesRemaining")).intValue());
    assertTime(lockedRow.get("lastVerifiedAt"));
    assertTime(lockedRow.get("lockedUntil"));

    assertEquals(3, ((List<?>) api.get(path, admin).json().get("members")).size(),
        "default limit 50");
    assertEquals(200, api.get(path + "?limit=100", admin).status());
    assertEquals(1, ((List<?>) api.get(path + "?limit=1", admin).json().get("members")).size());
    for (String bad : List.of("limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1.5",
        "limit=", "cursor=not-a-cursor", "cursor=" + cursor + "x")) {
      assertProblem(api.get(path + "?" + bad, admin), 400, "INVALID_REQUEST");
    }
  }

  @Test
  void adminResetsAnswerForEveryUserAndResetOnlyMembersWithAFactor() {
    String org = Ids.unique("org");
    String adminId = Ids.unique("admin");
    String admin = api.idToken(DevToken.admin(adminId, org));
    Flows.Enrolled enrolled = Flows.enrolledUser(api, CLOCK, org, false);
    for (int i = 0; i < 5; i++) {
      api.post("/v1/me/two-factor/verify", enrolled.idToken(), Map.of("code", "000000"));
    }
    String plainId = Ids.unique("plain");
    api.get("/v1/me/two-factor", api.idToken(DevToken.member(plainId, org)));
    Flows.Enrolled stranger = Flows.enrolledUser(api, CLOCK, Ids.unique("other"), false);
    Reply r = api.post("/v1/orgs/" + org + "/two-factor/resets", admin, Map.of(
        "userIds", List.of(enrolled.userId(), plainId, stranger.userId(), adminId,
            enrolled.userId(), "never-seen"),
        "reason", "lost phone"));
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    assertEquals(Set.of("results"), r.json().keySet());
    assertEquals(List.of(
        Map.of("userId", enrolled.userId(), "status", "RESET"),
        Map.of("userId", plainId, "status", "NOT_ENROLLED"),
        Map.of("userId", stranger.userId(), "status", "NOT_A_MEMBER"),
        Map.of("userId", adminId, "status", "SELF"),
        Map.of("userId", "never-seen", "status", "NOT_A_MEMBER")), r.json().get("results"));
    // Factor, codes and locks are gone and every MFA token of the old factor is void.
    Map<String, Object> status = api.get("/v1/me/two-factor", enrolled.idToken()).json();
    assertEquals(false, status.get("enrolled"));
    assertNull(status.get("lockedUntil"));
    assertProblem(api.get("/v1/me/two-factor", enrolled.mfaToken()), 401, "UNAUTHENTICATED");
    assertProblem(api.post("/v1/me/two-factor/recover", enrolled.idToken(),
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0))), 409, "NOT_ENROLLED");
    // The stranger of another org is untouched.
    assertEquals(true, api.get("/v1/me/two-factor", stranger.mfaToken()).json().get("enrolled"));
    // The user enrolls afresh.
    Flows.enroll(api, CLOCK, enrolled.userId(), org, enrolled.idToken());
  }

  @Test
  void supportResetsAnyUserIncludingAdminsAndAuditsEveryOrgOfTheUser() {
    String orgA = Ids.unique("org");
    String orgB = Ids.unique("org");
    Flows.Enrolled target = Flows.enrolledUser(api, CLOCK, orgA, true);
    String targetInB = api.idToken(DevToken.member(target.userId(), orgB));
    api.get("/v1/me/two-factor", targetInB);
    String supportId = Ids.unique("support");
    Flows.Enrolled support = Flows.enroll(api, CLOCK, supportId, Ids.unique("operator"),
        api.idToken(DevToken.member(supportId, Ids.unique("operator")).support()));
    String path = "/v1/support/two-factor/resets";
    Map<String, Object> body = Map.of("userId", target.userId(), "ticket", "T-4711",
        "reason", "verified identity by phone");
    assertProblem(api.post(path, target.mfaToken(), body), 403, "FORBIDDEN");
    assertProblem(api.post(path, support.idToken(), body), 403, "MFA_REQUIRED");
    Reply r = api.post(path, support.mfaToken(), body);
    assertEquals(200, r.status(), r.toString());
    assertCommonHeaders(r);
    assertEquals(Map.of("userId", target.userId(), "status", "RESET"), r.json());
    assertEquals(Map.of("userId", target.userId(), "status", "NOT_ENROLLED"),
        api.post(path, support.mfaToken(), body).json());
    assertEquals(Map.of("userId", "nobody-ever", "status", "NOT_ENROLLED"),
        api.post(path, support.mfaToken(), Map.of("userId", "nobody-ever", "ticket", "T",
            "reason", "r")).json());
    // The event reaches the audit trail of both orgs of the user.
    for (String org : List.of(orgA, orgB)) {
      String admin = api.idToken(DevToken.admin(Ids.unique("admin"), org));
      List<?> events = (List<?>) api.get("/v1/orgs/" + org + "/audit-events", admin).json()
          .get("events");
      Map<?, ?> newest = (Map<?, ?>) events.get(0);
      assertEquals("SUPPORT_RESET", newest.get("type"), org + ": " + events);
      assertEquals(supportId, newest.get("actorId"));
      assertEquals(target.userId(), newest.get("targetUserId"));
      assertEquals(org, newest.get("orgId"));
    }
  }

  @Test
  void auditTrailHasEveryEventTypeNewestFirstAndNoSecret() {
    String org = Ids.unique("org");
    String adminId = Ids.unique("admin");
    String admin = api.idToken(DevToken.admin(adminId, org));
    Flows.requireTwoFactor(api, org, admin, 30);
    api.put(security(org) + "/two-factor", admin, Map.of("enabled", false));
    api.put(security(org) + "/sso", admin, Map.of("enabled", true));
    api.put(security(org) + "/sso", admin, Map.of("enabled", false));
    // Enrollment, method change and removal.
    Flows.Enrolled changer = Flows.enrolledUser(api, CLOCK, org, false);
    Reply started = api.post("/v1/me/two-factor/enrollment", changer.mfaToken(), "{}");
    Authenticator newApp = new Authenticator(started.string("secret"), CLOCK);
    Reply changed = api.post("/v1/me/two-factor/enrollment/confirm", changer.mfaToken(),
        Map.of("enrollmentId", started.string("enrollmentId"), "code", newApp.nextCode()));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(204, api.delete("/v1/me/two-factor", changed.string("mfaToken")).status());
    // Recovery code, new codes, a lock.
    Flows.Enrolled recoverer = Flows.enrolledUser(api, CLOCK, org, false);
    Reply recovered = api.post("/v1/me/two-factor/recover", recoverer.idToken(),
        Map.of("recoveryCode", recoverer.recoveryCodes().get(0)));
    assertEquals(200, api.post("/v1/me/two-factor/recovery-codes",
        recovered.string("mfaToken"), "{}").status());
    for (int i = 0; i < 5; i++) {
      api.post("/v1/me/two-factor/verify", recoverer.idToken(), Map.of("code", "000000"));
    }
    // Admin and support resets.
    Flows.Enrolled resetByAdmin = Flows.enrolledUser(api, CLOCK, org, false);
    assertEquals("RESET", ((Map<?, ?>) ((List<?>) api.post("/v1/orgs/" + org
        + "/two-factor/resets", admin, Map.of("userIds", List.of(resetByAdmin.userId()),
        "reason", "new phone")).json().get("results")).get(0)).get("status"));
    Flows.Enrolled resetBySupport = Flows.enrolledUser(api, CLOCK, org, false);
    String supportId = Ids.unique("support");
    Flows.Enrolled support = Flows.enroll(api, CLOCK, supportId, "operator",
        api.idToken(DevToken.member(supportId, "operator").support()));
    assertEquals(200, api.post("/v1/support/two-factor/resets", support.mfaToken(),
        Map.of("userId", resetBySupport.userId(), "ticket", "T-1", "reason", "r")).status());

    String path = "/v1/orgs/" + org + "/audit-events";
    Reply all = api.get(path + "?limit=100", admin);
    assertEquals(200, all.status(), all.toString());
    assertCommonHeaders(all);
    assertEquals(Set.of("events", "nextCursor"), all.json().keySet());
    assertNull(all.json().get("nextCursor"));
    List<Map<?, ?>> events = new ArrayList<>();
    ((List<?>) all.json().get("events")).forEach(e -> events.add((Map<?, ?>) e));
    Set<Object> types = new HashSet<>();
    Instant previous = Instant.MAX;
    for (Map<?, ?> e : events) {
      assertEquals(Set.of("id", "type", "at", "orgId", "actorId", "targetUserId", "details"),
          e.keySet());
      assertInstanceOf(String.class, e.get("id"));
      assertEquals(org, e.get("orgId"));
      assertInstanceOf(String.class, e.get("actorId"));
      assertTrue(e.get("targetUserId") == null || e.get("targetUserId") instanceof String);
      assertInstanceOf(Map.class, e.get("details"));
      Instant at = assertTime(e.get("at"));
      assertFalse(at.isAfter(previous), "newest first");
      previous = at;
      types.add(e.get("type"));
    }
    assertTrue(types.containsAll(Set.of("TWO_FACTOR_ENABLED", "TWO_FACTOR_DISABLED",
        "SSO_ENABLED", "SSO_DISABLED", "ENROLLMENT_COMPLETED", "METHOD_CHANGED",
        "FACTOR_REMOVED", "RECOVERY_CODE_USED", "RECOVERY_CODES_REGENERATED", "LOCKED",
        "ADMIN_RESET", "SUPPORT_RESET")), "every type: " + types);
    String text = all.body();
    for (String secret : api.handedOut()) {
      assertFalse(text.contains(secret), "an audit event holds a secret, code or token");
      assertFalse(text.contains(secret.replace("-", "")), "an audit event holds a code");
    }

    // Paging by 4 yields the same events in the same order.
    List<Object> paged = new ArrayList<>();
    String cursor = null;
    do {
      Reply page = api.get(path + "?limit=4" + (cursor == null ? "" : "&cursor=" + cursor),
          admin);
      List<?> items = (List<?>) page.json().get("events");
      assertTrue(items.size() <= 4);
      items.forEach(e -> paged.add(((Map<?, ?>) e).get("id")));
      cursor = (String) page.json().get("nextCursor");
    } while (cursor != null);
    assertEquals(events.stream().map(e -> e.get("id")).toList(), paged);
    assertEquals(paged.size(), new LinkedHashSet<>(paged).size(), "no event twice");
  }

  @Test
  void adminRoutesAreForbiddenToMembersAndToAdminsOfOtherOrgs() {
    String org = Ids.unique("org");
    String member = api.idToken(DevToken.member(Ids.unique("member"), org));
    String otherAdmin = api.idToken(DevToken.admin(Ids.unique("admin"), Ids.unique("other")));
    for (String token : List.of(member, otherAdmin)) {
      assertProblem(api.get(security(org), token), 403, "FORBIDDEN");
      assertProblem(api.put(security(org) + "/two-factor", token, Map.of("enabled", true)), 403,
          "FORBIDDEN");
      assertProblem(api.put(security(org) + "/sso", token, Map.of("enabled", true)), 403,
          "FORBIDDEN");
      assertProblem(api.get("/v1/orgs/" + org + "/members", token), 403, "FORBIDDEN");
      assertProblem(api.get("/v1/orgs/" + org + "/audit-events", token), 403, "FORBIDDEN");
      assertProblem(api.post("/v1/orgs/" + org + "/two-factor/resets", token,
          Map.of("userIds", List.of("u1"), "reason", "r")), 403, "FORBIDDEN");
      assertProblem(api.post("/v1/support/two-factor/resets", token,
          Map.of("userId", "u1", "ticket", "t", "reason", "r")), 403, "FORBIDDEN");
    }
  }

  @Test
  void lockedMemberShowsTheLockInStatusUntilItEnds() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, Ids.unique("org"), false);
    for (int i = 4; i >= 0; i--) {
      assertWrongCode(api.post("/v1/me/two-factor/verify", u.idToken(),
          Map.of("code", "000000")), "INVALID_CODE", i);
    }
    Instant lockedUntil = assertTimeOrNull(api.get("/v1/me/two-factor", u.idToken()).json()
        .get("lockedUntil"));
    assertNotNull(lockedUntil);
    assertFalse(lockedUntil.isAfter(Instant.now().plusSeconds(RunLocal.LOCKOUT_SECONDS + 1)));
  }
}
