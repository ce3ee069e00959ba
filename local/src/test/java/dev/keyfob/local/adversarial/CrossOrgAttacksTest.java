package dev.keyfob.local.adversarial;

import static dev.keyfob.local.adversarial.Attacks.refused;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: one org's admin reaching a user's factor in another org. The factor belongs to
 * the user, not to an org, so an admin may reset only users who belong to their org alone
 * ({@code OTHER_ORGS} otherwise), and the other org can forget a membership first. Sketch of the
 * attack these tests guard: Mallory administers org B, gets Alice (a member of org A, which
 * requires 2FA) to sign in to B once, and resets her in B, so that with Alice's phished password
 * he could enroll his own authenticator for A.
 */
class CrossOrgAttacksTest {

  private static Sandbox sandbox;
  private static Api api;
  private static String orgA;
  private static String orgB;
  private static String adminOfA;
  private static String mallory;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
    orgA = Ids.unique("orga");
    orgB = Ids.unique("orgb");
    Flows.Enrolled adminA = Flows.enrolledUser(api, sandbox.clock, orgA, true);
    adminOfA = adminA.mfaToken();
    Flows.requireTwoFactor(api, orgA, adminOfA, 0);
    mallory = Flows.enrolledUser(api, sandbox.clock, orgB, true).mfaToken();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** Alice: enrolled in A, then signed in to B once. */
  private static Flows.Enrolled aliceInBothOrgs() {
    Flows.Enrolled alice = Flows.enrolledUser(api, sandbox.clock, orgA, false);
    String inB = api.idToken(DevToken.member(alice.userId(), orgB));
    assertEquals(200, api.get("/v1/me/two-factor", inB).status());
    return alice;
  }

  private static Reply reset(String org, String adminToken, String userId) {
    return api.post("/v1/orgs/" + org + "/two-factor/resets", adminToken,
        Map.of("userIds", List.of(userId), "reason", "lost phone"));
  }

  private static List<Map<String, Object>> events(String org) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events = (List<Map<String, Object>>) api.get("/v1/orgs/" + org
        + "/audit-events?limit=100", adminOfA).json().get("events");
    return events;
  }

  @Test
  void anAdminOfAnotherOrgCannotStripTheFactorAUserNeedsInTheirOwnOrg() {
    Flows.Enrolled alice = aliceInBothOrgs();
    int trailOfA = events(orgA).size();
    Reply r = sandbox.unchanged(() -> reset(orgB, mallory, alice.userId()));
    assertEquals(200, r.status(), r.toString());
    assertEquals(List.of(Map.of("userId", alice.userId(), "status", "OTHER_ORGS")),
        r.json().get("results"));
    assertEquals(true, api.get("/v1/me/two-factor", alice.mfaToken()).json().get("enrolled"),
        "Alice's factor and her MFA token are untouched");
    assertEquals(200, api.post("/v1/me/two-factor/verify", alice.idToken(),
        Map.of("code", alice.app().nextCode())).status(), "her app still signs her in to A");
    assertEquals(trailOfA, events(orgA).size(), "nothing happened in A");
  }

  @Test
  void theMembersListSaysWhoAlsoBelongsToAnotherOrgWithoutNamingIt() {
    Flows.Enrolled alice = aliceInBothOrgs();
    Flows.Enrolled onlyB = Flows.enrolledUser(api, sandbox.clock, orgB, false);
    Reply list = api.get("/v1/orgs/" + orgB + "/members?limit=100", mallory);
    assertEquals(200, list.status(), list.toString());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> rows = ((List<Map<String, Object>>) list.json()
        .get("members")).stream().collect(Collectors.toMap(m -> (String) m.get("userId"),
            m -> m));
    assertEquals(true, rows.get(alice.userId()).get("otherOrgs"));
    assertEquals(false, rows.get(onlyB.userId()).get("otherOrgs"));
    assertFalse(list.body().contains(orgA), "which other org is never said");
  }

  @Test
  void onceTheOtherOrgForgetsTheMembershipTheAdminCanResetAndTheUserIsRecordedAgainLater() {
    Flows.Enrolled alice = aliceInBothOrgs();
    Reply forgotten = api.delete("/v1/orgs/" + orgA + "/members/" + alice.userId(), adminOfA);
    assertEquals(204, forgotten.status(), forgotten.toString());
    assertTrue(events(orgA).stream().anyMatch(e -> "MEMBER_REMOVED".equals(e.get("type"))
        && alice.userId().equals(e.get("targetUserId"))), "the removal is audited in A");
    refused(sandbox, 404, "NOT_A_MEMBER",
        () -> api.delete("/v1/orgs/" + orgA + "/members/" + alice.userId(), adminOfA));

    Reply r = reset(orgB, mallory, alice.userId());
    assertEquals(List.of(Map.of("userId", alice.userId(), "status", "RESET")),
        r.json().get("results"));
    // Her next call in A records the membership again: A's admin sees her, B's admin cannot
    // reset her any more.
    assertEquals(200, api.get("/v1/me/two-factor", alice.idToken()).status());
    assertEquals(List.of(Map.of("userId", alice.userId(), "status", "OTHER_ORGS")),
        reset(orgB, mallory, alice.userId()).json().get("results"));
  }

  @Test
  void onlyAnAdminOfTheOrgCanForgetOneOfItsMembers() {
    Flows.Enrolled alice = aliceInBothOrgs();
    String path = "/v1/orgs/" + orgA + "/members/" + alice.userId();
    String memberOfA = Flows.enrolledUser(api, sandbox.clock, orgA, false).mfaToken();
    refused(sandbox, 403, "FORBIDDEN", () -> api.delete(path, memberOfA));
    refused(sandbox, 403, "FORBIDDEN", () -> api.delete(path, mallory));
    String staleAdmin = api.idToken(DevToken.admin(Ids.unique("admin"), orgA));
    api.get("/v1/me/two-factor", staleAdmin);
    refused(sandbox, 403, "ENROLLMENT_REQUIRED", () -> api.delete(path, staleAdmin));
    refused(sandbox, 400, "INVALID_REQUEST",
        () -> api.delete("/v1/orgs/" + orgA + "/members/a%20b", adminOfA));
    refused(sandbox, 404, "NOT_A_MEMBER",
        () -> api.delete("/v1/orgs/" + orgA + "/members/" + Ids.unique("ghost"), adminOfA));
    assertTrue(api.get("/v1/orgs/" + orgB + "/members?limit=100", mallory).body()
        .contains(alice.userId()), "B still lists her");
  }

  @Test
  void aBulkResetNamingAUserOfBothOrgsResetsOnlyThoseWhoBelongToThisOrgAlone() {
    Flows.Enrolled alice = aliceInBothOrgs();
    Flows.Enrolled onlyB = Flows.enrolledUser(api, sandbox.clock, orgB, false);
    Reply r = api.post("/v1/orgs/" + orgB + "/two-factor/resets", mallory, Map.of(
        "userIds", List.of(alice.userId(), onlyB.userId()), "reason", "lost phones"));
    assertEquals(List.of(
        Map.of("userId", alice.userId(), "status", "OTHER_ORGS"),
        Map.of("userId", onlyB.userId(), "status", "RESET")), r.json().get("results"));
    assertProblem(api.get("/v1/me/two-factor", onlyB.mfaToken()), 401, "UNAUTHENTICATED");
    assertEquals(200, api.get("/v1/me/two-factor", alice.mfaToken()).status());
  }
}
