package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertPermanentLock;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertTime;
import static dev.keyfob.local.contract.ContractAssertions.assertTimedLock;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyfob.totp.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract rules that need time to pass, over HTTP against an in-process local API (the
 * same handlers and template as {@code scripts/run-local}) whose clock the test moves, with
 * default settings: the ±1 step window, a pending enrollment's 600 s, grace periods of days,
 * lock durations doubling to the one-hour cap, the permanent lock at 100 failures, the 300 s of
 * recent MFA and fresh password, and 503 UNAVAILABLE that changes nothing when DynamoDB or KMS
 * cannot be reached (faults injected into the SDK clients).
 */
class ClockDependentContractTest {

  private static Sandbox sandbox;
  private static Api api;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static void advance(Duration d) {
    sandbox.clock.advance(d);
  }

  private static String member(String userId, String org) {
    return api.idToken(DevToken.member(userId, org));
  }

  @Test
  void codesOfOneStepEitherSideAreAcceptedButNotTwoAway() {
    Flows.Enrolled u = Flows.enrolledUser(api, sandbox.clock, Ids.unique("org"), false);
    advance(Duration.ofSeconds(90));
    long now = u.app().currentStep();
    assertWrongCode(api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().codeAt(now - 2))), "INVALID_CODE", 4);
    assertWrongCode(api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().codeAt(now + 2))), "INVALID_CODE", 3);
    assertEquals(200, api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().codeAt(now - 1))).status());
    assertEquals(200, api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().codeAt(now + 1))).status());
    // Step now lies below the last accepted one (now + 1): never accepted again.
    assertWrongCode(api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().codeAt(now))), "INVALID_CODE", 4);
  }

  @Test
  void pendingEnrollmentCanBeConfirmedFor600SecondsAndNotAfter() {
    String org = Ids.unique("org");
    String alice = member(Ids.unique("alice"), org);
    String bob = member(Ids.unique("bob"), org);
    Reply a = api.post("/v1/me/two-factor/enrollment", alice, "{}");
    Reply b = api.post("/v1/me/two-factor/enrollment", bob, "{}");
    assertEquals(sandbox.clock.instant().plusSeconds(600), assertTime(a.json().get("expiresAt")));
    advance(Duration.ofSeconds(599));
    Authenticator aliceApp = new Authenticator(a.string("secret"), sandbox.clock);
    assertEquals(200, api.post("/v1/me/two-factor/enrollment/confirm", alice, Map.of(
        "enrollmentId", a.string("enrollmentId"), "code", aliceApp.nextCode())).status());
    advance(Duration.ofSeconds(2));
    Authenticator bobApp = new Authenticator(b.string("secret"), sandbox.clock);
    assertProblem(api.post("/v1/me/two-factor/enrollment/confirm", bob, Map.of(
        "enrollmentId", b.string("enrollmentId"), "code", bobApp.nextCode())), 404,
        "ENROLLMENT_NOT_FOUND");
  }

  @Test
  void gracePeriodDelaysEnforcementByItsDaysThenEveryoneWithoutAFactorMustEnroll() {
    String org = Ids.unique("org");
    String adminId = Ids.unique("admin");
    String memberId = Ids.unique("member");
    Flows.requireTwoFactor(api, org, api.idToken(DevToken.admin(adminId, org)), 3);
    Instant deadline = sandbox.clock.instant().plus(Duration.ofDays(3));
    Map<String, Object> during = api.get("/v1/me/two-factor", member(memberId, org)).json();
    assertEquals(true, during.get("orgRequiresTwoFactor"));
    assertEquals(deadline, assertTime(during.get("enrollmentDeadline")));
    assertEquals("NONE", during.get("nextStep"));
    advance(Duration.ofDays(3).minusSeconds(1));
    assertEquals("NONE", api.get("/v1/me/two-factor", member(memberId, org)).json()
        .get("nextStep"));
    assertEquals(200, api.get("/v1/orgs/" + org + "/security",
        api.idToken(DevToken.admin(adminId, org))).status());
    advance(Duration.ofSeconds(2));
    Map<String, Object> after = api.get("/v1/me/two-factor", member(memberId, org)).json();
    assertEquals(true, after.get("orgRequiresTwoFactor"));
    assertNull(after.get("enrollmentDeadline"));
    assertEquals("ENROLL", after.get("nextStep"));
    assertProblem(api.get("/v1/orgs/" + org + "/security",
        api.idToken(DevToken.admin(adminId, org))), 403, "ENROLLMENT_REQUIRED");
  }

  @Test
  void locksDoubleUpToAnHourAndTheHundredthFailureLocksForGoodUntilAReset() {
    String org = Ids.unique("org");
    Flows.Enrolled u = Flows.enrolledUser(api, sandbox.clock, org, false);
    String token = u.idToken();
    Instant minted = sandbox.clock.instant();
    for (int failures = 1; failures <= 100; failures++) {
      if (Duration.between(minted, sandbox.clock.instant()).toMinutes() > 50) {
        token = member(u.userId(), org);
        minted = sandbox.clock.instant();
      }
      int expectedRemaining = Math.min((5 - failures % 5) % 5, 100 - failures);
      assertWrongCode(api.post("/v1/me/two-factor/verify", token, Map.of("code", "000000")),
          "INVALID_CODE", expectedRemaining);
      if (failures % 5 == 0 && failures < 100) {
        int k = failures / 5;
        long expected = Math.min(60L << Math.min(k - 1, 20), 3600);
        Reply locked = api.post("/v1/me/two-factor/verify", token, Map.of("code", "000000"));
        Instant until = assertTimedLock(locked, sandbox.clock.instant());
        assertEquals(expected, Long.parseLong(locked.header("Retry-After").orElseThrow()),
            "lock " + k);
        sandbox.clock.set(until);
      }
    }
    token = member(u.userId(), org);
    assertPermanentLock(api.post("/v1/me/two-factor/verify", token,
        Map.of("code", u.app().nextCode())));
    advance(Duration.ofDays(30));
    token = member(u.userId(), org);
    assertPermanentLock(api.post("/v1/me/two-factor/verify", token,
        Map.of("code", u.app().nextCode())));
    assertNull(api.get("/v1/me/two-factor", token).json().get("lockedUntil"),
        "status shows no time for a permanent lock");
    // The recovery-code kind is not locked; a reset lifts the TOTP lock.
    assertEquals(200, api.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", u.recoveryCodes().get(0))).status());
    Reply reset = api.post("/v1/orgs/" + org + "/two-factor/resets",
        api.idToken(DevToken.admin(Ids.unique("admin"), org)),
        Map.of("userIds", List.of(u.userId()), "reason", "locked out"));
    assertEquals("RESET", ((Map<?, ?>) ((List<?>) reset.json().get("results")).get(0))
        .get("status"));
    Flows.Enrolled again = Flows.enroll(api, sandbox.clock, u.userId(), org, token);
    assertEquals(200, api.post("/v1/me/two-factor/verify", token,
        Map.of("code", again.app().nextCode())).status());
  }

  @Test
  void timedLockHoldsUntilItsEndToTheSecond() {
    Flows.Enrolled u = Flows.enrolledUser(api, sandbox.clock, Ids.unique("org"), false);
    for (int i = 0; i < 5; i++) {
      api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", "000000"));
    }
    Instant until = assertTimedLock(api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", "000000")), sandbox.clock.instant());
    assertEquals(sandbox.clock.instant().plusSeconds(60), until);
    sandbox.clock.set(until.minusSeconds(1));
    Reply last = api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().nextCode()));
    assertTimedLock(last, sandbox.clock.instant());
    assertEquals("1", last.header("Retry-After").orElseThrow());
    sandbox.clock.set(until);
    assertEquals(200, api.post("/v1/me/two-factor/verify", u.idToken(),
        Map.of("code", u.app().nextCode())).status());
  }

  @Test
  void recentMfaAndFreshPasswordLastTheStepUpAgeOf300Seconds() {
    String org = Ids.unique("org");
    String adminId = Ids.unique("admin");
    String admin = api.idToken(DevToken.admin(adminId, org));
    Flows.Enrolled u = Flows.enrolledUser(api, sandbox.clock, org, false);
    advance(Duration.ofSeconds(300));
    assertEquals(200, api.post("/v1/me/two-factor/recovery-codes", u.mfaToken(), "{}")
        .status());
    assertEquals(200, api.put("/v1/orgs/" + org + "/security/sso", admin,
        Map.of("enabled", false)).status());
    advance(Duration.ofSeconds(1));
    assertProblem(api.post("/v1/me/two-factor/recovery-codes", u.mfaToken(), "{}"), 403,
        "MFA_REQUIRED");
    assertProblem(api.delete("/v1/me/two-factor", u.mfaToken()), 403, "MFA_REQUIRED");
    assertProblem(api.post("/v1/me/two-factor/enrollment", u.mfaToken(), "{}"), 403,
        "MFA_REQUIRED");
    assertEquals(200, api.get("/v1/me/two-factor", u.mfaToken()).status(),
        "the token itself is still valid");
    assertProblem(api.put("/v1/orgs/" + org + "/security/sso", admin,
        Map.of("enabled", false)), 403, "STEP_UP_REQUIRED");
  }

  @Test
  void unreachableDynamoDbOrKmsIs503AndChangesNothing() {
    String org = Ids.unique("org");
    Flows.Enrolled u = Flows.enrolledUser(api, sandbox.clock, org, true);
    advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    String code = u.app().nextCode();
    TableSnapshot before = sandbox.snapshot();
    try {
      sandbox.faults.fail("DynamoDb");
      List<Reply> replies = List.of(
          api.get("/v1/me/two-factor", u.idToken()),
          api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", code)),
          api.post("/v1/me/two-factor/recover", u.idToken(),
              Map.of("recoveryCode", u.recoveryCodes().get(0))),
          api.post("/v1/me/two-factor/enrollment", u.mfaToken(), "{}"),
          api.get("/v1/orgs/" + org + "/members", u.mfaToken()),
          api.post("/v1/orgs/" + org + "/two-factor/resets", u.mfaToken(),
              Map.of("userIds", List.of("x"), "reason", "r")));
      for (Reply r : replies) {
        assertProblem(r, 503, "UNAVAILABLE");
      }
      sandbox.faults.heal();
      sandbox.faults.fail("DynamoDb:UpdateItem");
      sandbox.faults.fail("DynamoDb:TransactWriteItems");
      assertProblem(api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", code)),
          503, "UNAVAILABLE");
      assertProblem(api.post("/v1/me/two-factor/verify", u.idToken(),
          Map.of("code", "000000")), 503, "UNAVAILABLE");
      sandbox.faults.heal();
      sandbox.faults.fail("Kms");
      assertProblem(api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", code)),
          503, "UNAVAILABLE");
      assertProblem(api.post("/v1/me/two-factor/enrollment", u.mfaToken(), "{}"), 503,
          "UNAVAILABLE");
    } finally {
      sandbox.faults.heal();
    }
    assertEquals(List.of(), before.differencesTo(sandbox.snapshot()), "nothing changed");
    // Fails closed, and nothing was counted or used: the same code works now.
    assertEquals(200, api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", code))
        .status());
  }
}
