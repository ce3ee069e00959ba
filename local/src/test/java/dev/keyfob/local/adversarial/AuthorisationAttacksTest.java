package dev.keyfob.local.adversarial;

import static dev.keyfob.local.adversarial.Attacks.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.Authenticator;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import dev.keyfob.local.contract.TableSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: authorisation. Members on admin routes, admins of one org on another org's
 * routes (through the path, through the body, and through a token the same user got in another
 * org), another org's users smuggled into a bulk reset, the support route without support staff,
 * other users' enrollment ids, and step-up bypasses (stale {@code auth_time}, no {@code pwd},
 * an MFA token that carries an old sign-in, an MFA token that is no longer recent). Each case
 * asserts the exact status and code and that the table did not change; where a request is
 * allowed but must not reach other users (a bulk reset), it asserts exactly what changed.
 */
class AuthorisationAttacksTest {

  private static Sandbox sandbox;
  private static Api api;
  private static String orgA;
  private static String orgB;
  private static Flows.Enrolled adminA;
  private static Flows.Enrolled memberA;
  private static Flows.Enrolled adminB;
  private static Flows.Enrolled memberB;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
    orgA = Ids.unique("orga");
    orgB = Ids.unique("orgb");
    adminA = Flows.enrolledUser(api, sandbox.clock, orgA, true);
    memberA = Flows.enrolledUser(api, sandbox.clock, orgA, false);
    adminB = Flows.enrolledUser(api, sandbox.clock, orgB, true);
    memberB = Flows.enrolledUser(api, sandbox.clock, orgB, false);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** Every admin route of org, with a harmless well-formed body, as token. */
  private static List<Function<String, Reply>> adminRoutes(String org) {
    String base = "/v1/orgs/" + org;
    return List.of(
        t -> api.get(base + "/security", t),
        t -> api.put(base + "/security/two-factor", t, Map.of("enabled", true)),
        t -> api.put(base + "/security/sso", t, Map.of("enabled", true)),
        t -> api.get(base + "/members", t),
        t -> api.get(base + "/audit-events", t),
        t -> api.post(base + "/two-factor/resets", t,
            Map.of("userIds", List.of(memberA.userId(), memberB.userId()), "reason", "r")));
  }

  private static String freshMfa(Flows.Enrolled user, String org, boolean admin) {
    String idToken = api.idToken(admin ? DevToken.admin(user.userId(), org)
        : DevToken.member(user.userId(), org));
    return Flows.verify(api, idToken, user.app());
  }

  @Test
  void everyAdminRouteRefusesAMemberOfTheOrg() {
    String token = freshMfa(memberA, orgA, false);
    for (Function<String, Reply> route : adminRoutes(orgA)) {
      refused(sandbox, 403, "FORBIDDEN", () -> route.apply(token));
    }
  }

  @Test
  void everyAdminRouteRefusesAnAdminOfAnotherOrg() {
    String token = freshMfa(adminB, orgB, true);
    for (Function<String, Reply> route : adminRoutes(orgA)) {
      refused(sandbox, 403, "FORBIDDEN", () -> route.apply(token));
    }
    // Near misses of the org id in the path are other orgs, or no identifier at all.
    for (Function<String, Reply> route : adminRoutes(orgA.toUpperCase())) {
      refused(sandbox, 403, "FORBIDDEN", () -> route.apply(token));
    }
    for (String path : List.of(orgB + "%2F..%2F" + orgA, orgA + "%20", orgA + "%00",
        orgA + "%23" + orgB)) {
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.rawRequest("GET", "/v1/orgs/" + path
          + "/members", Map.of("Authorization", "Bearer " + token), new byte[0]));
    }
  }

  @Test
  void aTokenOneUserGotInAnotherOrgOpensNothingInThisOne() {
    // x is an admin of A and a member of B; the factor is the same, the tokens are not.
    String xId = Ids.unique("x");
    Flows.Enrolled x = Flows.enroll(api, sandbox.clock, xId, orgA,
        api.idToken(DevToken.admin(xId, orgA)));
    String xInB = freshMfa(x, orgB, false);
    for (Function<String, Reply> route : adminRoutes(orgA)) {
      refused(sandbox, 403, "FORBIDDEN", () -> route.apply(xInB));
    }
    String xInA = freshMfa(x, orgA, true);
    for (Function<String, Reply> route : adminRoutes(orgB)) {
      refused(sandbox, 403, "FORBIDDEN", () -> route.apply(xInA));
    }
    assertEquals(200, api.get("/v1/orgs/" + orgA + "/security", xInA).status(), "control");
  }

  @Test
  void anotherOrgsUsersInsideABulkResetAreNotMembersAndUntouched() {
    String tokenB = freshMfa(adminB, orgB, true);
    // B's admin naming only A's users through B's own route: 200, nothing changes.
    Reply r = sandbox.unchanged(() -> api.post("/v1/orgs/" + orgB + "/two-factor/resets",
        tokenB, Map.of("userIds", List.of(memberA.userId(), adminA.userId()), "reason", "r",
            "orgId", orgA)));
    assertEquals(200, r.status(), r.toString());
    for (Object result : (List<?>) r.json().get("results")) {
      assertEquals("NOT_A_MEMBER", ((Map<?, ?>) result).get("status"));
    }
    // A's admin mixing A's member with B's users: only A's member is reset.
    Flows.Enrolled target = Flows.enrolledUser(api, sandbox.clock, orgA, false);
    String tokenA = freshMfa(adminA, orgA, true);
    TableSnapshot before = sandbox.snapshot();
    Reply mixed = api.post("/v1/orgs/" + orgA + "/two-factor/resets", tokenA, Map.of(
        "userIds", List.of(memberB.userId(), target.userId(), adminB.userId(), "ghost"),
        "reason", "r"));
    assertEquals(List.of(
        Map.of("userId", memberB.userId(), "status", "NOT_A_MEMBER"),
        Map.of("userId", target.userId(), "status", "RESET"),
        Map.of("userId", adminB.userId(), "status", "NOT_A_MEMBER"),
        Map.of("userId", "ghost", "status", "NOT_A_MEMBER")), mixed.json().get("results"));
    for (String diff : before.differencesTo(sandbox.snapshot())) {
      assertTrue(diff.startsWith("changed USER#" + target.userId() + " | STATE")
          || diff.startsWith("added ORG#" + orgA + " | AUDIT#"), "only the target: " + diff);
    }
    assertEquals(true, api.get("/v1/me/two-factor", memberB.mfaToken()).json().get("enrolled"));
  }

  @Test
  void theSupportRouteRefusesEveryoneButSupportStaff() {
    Map<String, Object> body = Map.of("userId", memberA.userId(), "ticket", "T-1",
        "reason", "social engineering");
    String path = "/v1/support/two-factor/resets";
    String member = freshMfa(memberA, orgA, false);
    String admin = freshMfa(adminA, orgA, true);
    refused(sandbox, 403, "FORBIDDEN", () -> api.post(path, member, body));
    refused(sandbox, 403, "FORBIDDEN", () -> api.post(path, admin, body));
    for (String role : List.of("Support", "SUPPORT", "supporter", "admin", " support")) {
      String id = Ids.unique("staff");
      String token = api.idToken(DevToken.admin(id, Ids.unique("ops")).platformRole(role));
      api.get("/v1/me/two-factor", token);
      refused(sandbox, 403, "FORBIDDEN", () -> api.post(path, token, body));
    }
    // Real support staff with a factor must present an MFA token, and the org's rule holds.
    String supportId = Ids.unique("support");
    String opsOrg = Ids.unique("ops");
    Flows.Enrolled support = Flows.enroll(api, sandbox.clock, supportId, opsOrg,
        api.idToken(DevToken.member(supportId, opsOrg).support()));
    refused(sandbox, 403, "MFA_REQUIRED", () -> api.post(path, support.idToken(), body));
    String strictOrg = Ids.unique("ops");
    Flows.requireTwoFactor(api, strictOrg, api.idToken(DevToken.admin(Ids.unique("boss"),
        strictOrg)), 0);
    String newStaff = api.idToken(DevToken.member(Ids.unique("staff"), strictOrg).support());
    api.get("/v1/me/two-factor", newStaff);
    refused(sandbox, 403, "ENROLLMENT_REQUIRED", () -> api.post(path, newStaff, body));
  }

  /**
   * One phished support password must reset nobody: support staff always present a second
   * factor (an MFA token, or an SSO sign-in whose identity provider holds it), whatever their
   * own org requires.
   */
  @Test
  void aPhishedSupportPasswordAloneResetsNobody() {
    String path = "/v1/support/two-factor/resets";
    Flows.Enrolled victim = Flows.enrolledUser(api, sandbox.clock, orgA, false);
    Map<String, Object> body = Map.of("userId", victim.userId(), "ticket", "T-9",
        "reason", "lost phone");
    String relaxedOrg = Ids.unique("ops");
    String staffId = Ids.unique("support");
    String password = api.idToken(DevToken.member(staffId, relaxedOrg).support());
    assertEquals("NONE", api.get("/v1/me/two-factor", password).json().get("nextStep"),
        "the org does not require 2FA, so the staff member needs nothing for their own use");
    refused(sandbox, 403, "ENROLLMENT_REQUIRED", () -> api.post(path, password, body));
    Flows.Enrolled staff = Flows.enroll(api, sandbox.clock, staffId, relaxedOrg, password);
    refused(sandbox, 403, "MFA_REQUIRED", () -> api.post(path, staff.idToken(), body));
    assertEquals(true, api.get("/v1/me/two-factor", victim.mfaToken()).json().get("enrolled"));

    String sso = api.idToken(DevToken.member(Ids.unique("support"), relaxedOrg).amr("sso")
        .support());
    Reply bySso = api.post(path, sso, body);
    assertEquals(200, bySso.status(), "an SSO sign-in carries the operator's second factor");
    assertEquals("RESET", bySso.json().get("status"));
  }

  @Test
  void anotherUsersEnrollmentIdIsNotFoundEvenWithItsRightCode() {
    Flows.Enrolled owner = Flows.enrolledUser(api, sandbox.clock, orgA, false);
    Reply started = api.post("/v1/me/two-factor/enrollment", owner.mfaToken(), "{}");
    assertEquals(201, started.status());
    Authenticator stolen = new Authenticator(started.string("secret"), sandbox.clock);
    String code = stolen.nextCode();
    Map<String, Object> body = Map.of("enrollmentId", started.string("enrollmentId"),
        "code", code);
    String newcomer = api.idToken(DevToken.member(Ids.unique("newcomer"), orgA));
    api.get("/v1/me/two-factor", newcomer);
    for (String attacker : List.of(memberB.idToken(), memberB.mfaToken(), newcomer,
        api.idToken(DevToken.admin(adminA.userId(), orgA)))) {
      refused(sandbox, 404, "ENROLLMENT_NOT_FOUND", () -> api.post(
          "/v1/me/two-factor/enrollment/confirm", attacker, body));
    }
    assertEquals(200, api.post("/v1/me/two-factor/enrollment/confirm", owner.idToken(), body)
        .status(), "the owner's enrollment was untouched");
  }

  @Test
  void stepUpCannotBeBypassedWithAStaleOrPasswordlessSignIn() {
    String path = "/v1/orgs/" + orgA + "/security/two-factor";
    Map<String, Object> on = Map.of("enabled", true, "gracePeriodDays", 1);
    String id = adminA.userId();
    // An MFA token copies the sign-in it was made from: it cannot refresh a stale password.
    String stale = Flows.verify(api, api.idToken(DevToken.admin(id, orgA)
        .authTimeSecondsAgo(301)), adminA.app());
    refused(sandbox, 403, "STEP_UP_REQUIRED", () -> api.put(path, stale, on));
    String google = Flows.verify(api, api.idToken(DevToken.admin(id, orgA).amr("google")
        .pwdSet(true)), adminA.app());
    refused(sandbox, 403, "STEP_UP_REQUIRED", () -> api.put(path, google, on));
    String magic = Flows.verify(api, api.idToken(DevToken.admin(id, orgA).amr("magic_link")),
        adminA.app());
    refused(sandbox, 403, "PASSWORD_REQUIRED", () -> api.put(path, magic, on));
    String otpOnly = Flows.verify(api, api.idToken(DevToken.admin(id, orgA)
        .amr("otp", "mfa")), adminA.app());
    refused(sandbox, 403, "PASSWORD_REQUIRED", () -> api.put(path, otpOnly, on));
    // SSO exempts from keyfob's 2FA, not from the password rule.
    String sso = api.idToken(DevToken.admin(id, orgA).amr("sso"));
    assertEquals(200, api.get("/v1/orgs/" + orgA + "/security", sso).status());
    refused(sandbox, 403, "PASSWORD_REQUIRED", () -> api.put(path, sso, on));
    refused(sandbox, 403, "PASSWORD_REQUIRED", () -> api.put("/v1/orgs/" + orgA
        + "/security/sso", sso, Map.of("enabled", true)));
  }

  @Test
  void anMfaTokenOlderThanTheStepUpAgeCannotChangePersonalSettings() {
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, orgA, false);
    String token = freshMfa(user, orgA, false);
    sandbox.clock.advance(Duration.ofSeconds(301));
    refused(sandbox, 403, "MFA_REQUIRED", () -> api.post("/v1/me/two-factor/recovery-codes",
        token, "{}"));
    refused(sandbox, 403, "MFA_REQUIRED", () -> api.delete("/v1/me/two-factor", token));
    refused(sandbox, 403, "MFA_REQUIRED", () -> api.post("/v1/me/two-factor/enrollment",
        token, "{}"));
  }

  @Test
  void aCursorOfAnotherOrgsListingShowsOnlyThisOrgsMembers() {
    String tokenB = freshMfa(adminB, orgB, true);
    Reply pageB = api.get("/v1/orgs/" + orgB + "/members?limit=1", tokenB);
    String cursor = pageB.string("nextCursor");
    String tokenA = freshMfa(adminA, orgA, true);
    Reply crossed = sandbox.unchanged(() -> api.get("/v1/orgs/" + orgA
        + "/members?limit=100&cursor=" + cursor, tokenA));
    if (crossed.status() == 200) {
      for (Object m : (List<?>) crossed.json().get("members")) {
        String userId = (String) ((Map<?, ?>) m).get("userId");
        assertTrue(!userId.equals(adminB.userId()) && !userId.equals(memberB.userId()),
            "B's member listed through A: " + userId);
      }
    } else {
      dev.keyfob.local.contract.ContractAssertions.assertProblem(crossed, 400,
          "INVALID_REQUEST");
    }
  }
}
