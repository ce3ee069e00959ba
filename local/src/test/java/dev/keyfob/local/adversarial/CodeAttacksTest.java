package dev.keyfob.local.adversarial;

import static dev.keyfob.local.adversarial.Attacks.refused;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.Authenticator;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import dev.keyfob.local.contract.TableSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: codes. Replays in sequence and in parallel, parallel guessing against the lock
 * (20 simultaneous wrong codes over real HTTP: exactly five counted, the rest 429), right codes
 * racing a lock, look-alike codes (other Unicode digits, signs, whitespace, lengths, JSON
 * numbers and nulls), recovery-code races, reuse and other users' codes, and the old secret and
 * codes after a method change or a new set. A wrong code may change exactly the user's failure
 * counter and lock (and add the LOCKED audit event); anything else must leave the table as it
 * was.
 */
class CodeAttacksTest {

  /** What a counted failure may change: its kind's count and lock, and the write stamp. */
  private static final Set<String> COUNTERS =
      Set.of("totpFailures", "totpLockedUntil", "rcFailures", "rcLockedUntil", "writeId");

  private static Sandbox sandbox;
  private static Api api;
  private static String org;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
    org = Ids.unique("org");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Flows.Enrolled user() {
    return Flows.enrolledUser(api, sandbox.clock, org, false);
  }

  private static Reply verify(String token, Object code) {
    return api.post("/v1/me/two-factor/verify", token, java.util.Collections.singletonMap(
        "code", code));
  }

  private static Reply recover(String token, String code) {
    return api.post("/v1/me/two-factor/recover", token, Map.of("recoveryCode", code));
  }

  /** Sends n requests at once and waits for all answers. */
  private static List<Reply> atOnce(int n, IntFunction<Api.Request> request) {
    List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.add(api.sendAsync(request.apply(i)));
    }
    return inFlight.stream().map(CompletableFuture::join).toList();
  }

  /** The only differences are the user's failure counters and locks, and LOCKED events. */
  private static void onlyCountersChanged(TableSnapshot before, String userId) {
    for (String diff : before.differencesTo(sandbox.snapshot())) {
      boolean counters = diff.startsWith("changed USER#" + userId + " | STATE [")
          && COUNTERS.containsAll(List.of(diff.substring(diff.indexOf('[') + 1,
              diff.length() - 1).split(", ")));
      boolean lockEvent = diff.startsWith("added ORG#" + org + " | AUDIT#");
      assertTrue(counters || lockEvent, "a wrong code changed more than its counter: " + diff);
    }
  }

  @Test
  void aReplayedCodeIsAWrongCodeThatChangesOnlyTheFailureCount() {
    Flows.Enrolled u = user();
    String confirmCode = u.app().lastCode();
    String code = u.app().nextCode();
    assertEquals(200, verify(u.idToken(), code).status());
    for (String replay : List.of(code, confirmCode)) {
      TableSnapshot before = sandbox.snapshot();
      assertProblem(verify(u.idToken(), replay), 401, "INVALID_CODE");
      onlyCountersChanged(before, u.userId());
    }
  }

  @Test
  void theSameRightCodeFromTenClientsAtOnceSucceedsExactlyOnce() {
    Flows.Enrolled u = user();
    String code = u.app().nextCode();
    List<Reply> replies = atOnce(10, i -> api.request("POST", "/v1/me/two-factor/verify")
        .bearer(u.idToken()).json("{\"code\":\"" + code + "\"}"));
    assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies.toString());
    for (Reply r : replies) {
      assertTrue(r.status() == 200 || "INVALID_CODE".equals(r.code())
          || "LOCKED".equals(r.code()), r.toString());
    }
  }

  @Test
  void twentyWrongCodesAtOnceAreCountedFiveTimesAndTheRestRefused() {
    Flows.Enrolled u = user();
    TableSnapshot before = sandbox.snapshot();
    List<Reply> replies = atOnce(20, i -> api.request("POST", "/v1/me/two-factor/verify")
        .bearer(i % 2 == 0 ? u.idToken() : u.mfaToken())
        .json("{\"code\":\"" + String.format("%06d", 900000 + i) + "\"}"));
    Set<Integer> remaining = new TreeSet<>();
    Set<Object> lockEnds = new TreeSet<>();
    for (Reply r : replies) {
      if (r.status() == 401) {
        remaining.add(((Number) assertProblem(r, 401, "INVALID_CODE").get("attemptsRemaining"))
            .intValue());
      } else {
        lockEnds.add(assertProblem(r, 429, "LOCKED").get("lockedUntil"));
      }
    }
    assertEquals(Set.of(0, 1, 2, 3, 4), remaining, "five failures, each counted once");
    assertEquals(15, replies.stream().filter(r -> r.status() == 429).count());
    assertEquals(1, lockEnds.size(), "one lock: " + lockEnds);
    onlyCountersChanged(before, u.userId());
    List<String> diffs = before.differencesTo(sandbox.snapshot());
    assertEquals(1, diffs.stream().filter(d -> d.startsWith("added ")).count(),
        "one LOCKED event: " + diffs);
    assertEquals("5", sandbox.snapshot().items().get("USER#" + u.userId() + " | STATE")
        .get("totpFailures").n());
  }

  @Test
  void onceLockedNoneOfTwentySimultaneousRightCodesSucceeds() {
    Flows.Enrolled u = user();
    for (int i = 0; i < 5; i++) {
      verify(u.idToken(), "000000");
    }
    long now = u.app().currentStep();
    List<String> right = List.of(u.app().codeAt(now - 1), u.app().codeAt(now),
        u.app().codeAt(now + 1));
    List<Reply> replies = sandbox.unchanged(() -> atOnce(20, i -> api.request("POST",
        "/v1/me/two-factor/verify").bearer(u.idToken())
        .json("{\"code\":\"" + right.get(i % 3) + "\"}")));
    for (Reply r : replies) {
      assertProblem(r, 429, "LOCKED");
    }
  }

  @Test
  void lookAlikesOfTheRightCodeAreWrongCodesAndLeaveItsStepUnused() {
    Flows.Enrolled u = user();
    List<java.util.function.UnaryOperator<String>> lookAlikes = List.of(
        c -> digits(c, 0xFF10), c -> digits(c, 0x0660), c -> digits(c, 0x06F0),
        c -> digits(c, 0x0966), c -> digits(c, 0x09E6), c -> digits(c, 0x2080),
        c -> c.codePoints().mapToObj(d -> Character.toString(0x1D7CE + d - '0'))
            .reduce("", String::concat),
        c -> c.substring(0, 3) + "\u00a0" + c.substring(3),
        c -> c.substring(0, 3) + "\u2009" + c.substring(3),
        c -> c.substring(0, 3) + "\u3000" + c.substring(3),
        c -> c.substring(0, 3) + "\t" + c.substring(3),
        c -> c + "\n", c -> "\r" + c, c -> c.substring(0, 3) + "\u200b" + c.substring(3),
        c -> "\ufeff" + c, c -> "+" + c, c -> "-" + c, c -> "0" + c, c -> c.substring(0, 5),
        c -> c + "0", c -> c.substring(0, 5) + c.charAt(5) + "\u0301", c -> c + "\u0000",
        c -> c.substring(0, 3) + "-" + c.substring(3), c -> c.substring(0, 3) + "." + c
            .substring(3), c -> "0x" + Integer.toHexString(Integer.parseInt(c)),
        c -> c.substring(0, 3) + "," + c.substring(3), c -> "");
    int index = 0;
    while (index < lookAlikes.size()) {
      String code = u.app().nextCode();
      for (int remaining = 4; remaining >= 1 && index < lookAlikes.size(); remaining--) {
        String typed = lookAlikes.get(index++).apply(code);
        TableSnapshot before = sandbox.snapshot();
        assertWrongCode(verify(u.idToken(), typed), "INVALID_CODE", remaining);
        onlyCountersChanged(before, u.userId());
      }
      assertEquals(200, verify(u.idToken(), code).status(), "the step was still unused");
    }
    // Spaces are the one thing removed.
    String code = u.app().nextCode();
    assertEquals(200, verify(u.idToken(), "  " + code.substring(0, 2) + " " + code.substring(2, 4)
        + "   " + code.substring(4) + " ").status());
  }

  private static String digits(String code, int zero) {
    StringBuilder b = new StringBuilder();
    code.chars().forEach(d -> b.appendCodePoint(zero + d - '0'));
    return b.toString();
  }

  @Test
  void codesThatAreNotStringsAreInvalidRequestsAndNotCounted() {
    Flows.Enrolled u = user();
    String code = u.app().nextCode();
    for (String body : List.of("{\"code\":" + Integer.parseInt(code) + "}",
        "{\"code\":" + Integer.parseInt(code) + ".0}", "{\"code\":1.23456e5}",
        "{\"code\":null}", "{\"code\":true}", "{\"code\":[\"" + code + "\"]}",
        "{\"code\":{\"value\":\"" + code + "\"}}", "{\"Code\":\"" + code + "\"}")) {
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.post("/v1/me/two-factor/verify",
          u.idToken(), body));
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.post("/v1/me/two-factor/recover",
          u.idToken(), body.replace("code", "recoveryCode").replace("Code", "RecoveryCode")));
    }
    assertEquals(200, verify(u.idToken(), code).status());
  }

  @Test
  void oneRecoveryCodeFromTenClientsAtOnceWorksExactlyOnce() {
    Flows.Enrolled u = user();
    String code = u.recoveryCodes().get(0);
    List<Reply> replies = atOnce(10, i -> api.request("POST", "/v1/me/two-factor/recover")
        .bearer(u.idToken()).json("{\"recoveryCode\":\"" + (i % 2 == 0 ? code
            : code.toUpperCase().replace("-", " ")) + "\"}"));
    assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies.toString());
    for (Reply r : replies) {
      assertTrue(r.status() == 200 || "INVALID_RECOVERY_CODE".equals(r.code())
          || "LOCKED".equals(r.code()), r.toString());
    }
    assertEquals(9, ((Number) api.get("/v1/me/two-factor", u.idToken()).json()
        .get("recoveryCodesRemaining")).intValue());
  }

  @Test
  void usedLookAlikeAndOtherUsersRecoveryCodesAreWrongAndTouchOnlyTheCallersCounter() {
    Flows.Enrolled u = user();
    Flows.Enrolled victim = user();
    assertEquals(200, recover(u.idToken(), u.recoveryCodes().get(0)).status());
    String v = victim.recoveryCodes().get(0);
    List<String> wrong = List.of(u.recoveryCodes().get(0), v, v.replace("-", "\u2010"),
        v.replace("-", "\u2013"), v.replace('x', '\u0445'), fullWidth(v),
        v.substring(1), v + "2", v.replace("-", "_"));
    int remaining = 4;
    for (String code : wrong) {
      TableSnapshot before = sandbox.snapshot();
      Reply r = recover(u.idToken(), code);
      if (remaining < 0) {
        assertProblem(r, 429, "LOCKED");
      } else {
        assertWrongCode(r, "INVALID_RECOVERY_CODE", remaining);
      }
      remaining--;
      onlyCountersChanged(before, u.userId());
    }
    assertEquals(200, recover(victim.idToken(), v).status(), "the victim's code is intact");
  }

  private static String fullWidth(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.appendCodePoint(c == '-' ? c : c + 0xFEE0));
    return b.toString();
  }

  @Test
  void totpAndRecoveryCodesAreNotInterchangeable() {
    Flows.Enrolled u = user();
    assertWrongCode(verify(u.idToken(), u.recoveryCodes().get(1)), "INVALID_CODE", 4);
    assertWrongCode(recover(u.idToken(), u.app().nextCode()), "INVALID_RECOVERY_CODE", 4);
  }

  @Test
  void theOldSecretAndOldCodesStopWorkingAfterANewSetAndAMethodChange() {
    Flows.Enrolled u = user();
    Reply regenerated = api.post("/v1/me/two-factor/recovery-codes", u.mfaToken(), "{}");
    assertEquals(200, regenerated.status());
    @SuppressWarnings("unchecked")
    List<String> second = (List<String>) regenerated.json().get("recoveryCodes");
    assertWrongCode(recover(u.idToken(), u.recoveryCodes().get(5)), "INVALID_RECOVERY_CODE", 4);
    Reply started = api.post("/v1/me/two-factor/enrollment", u.mfaToken(), "{}");
    Authenticator pending = new Authenticator(started.string("secret"), sandbox.clock);
    // The pending secret is no second factor before it is confirmed.
    assertWrongCode(verify(u.idToken(), pending.nextCode()), "INVALID_CODE", 4);
    Reply confirmed = api.post("/v1/me/two-factor/enrollment/confirm", u.idToken(),
        Map.of("enrollmentId", started.string("enrollmentId"), "code", pending.nextCode()));
    assertEquals(200, confirmed.status());
    // (A method change does not reset the failure counts; the count goes on.)
    long now = u.app().currentStep();
    int remaining = 3;
    for (long step = now - 1; step <= now + 1; step++) {
      assertWrongCode(verify(u.idToken(), u.app().codeAt(step)), "INVALID_CODE", remaining--);
    }
    assertWrongCode(recover(u.idToken(), second.get(0)), "INVALID_RECOVERY_CODE", 3);
    assertEquals(200, verify(u.idToken(), pending.nextCode()).status());
  }

  @Test
  void aPendingSecretOfAUserWithoutAFactorOpensNothing() {
    String userId = Ids.unique("user");
    String token = api.idToken(dev.keyfob.local.contract.DevToken.member(userId, org));
    Reply started = api.post("/v1/me/two-factor/enrollment", token, "{}");
    Authenticator pending = new Authenticator(started.string("secret"), sandbox.clock);
    refused(sandbox, 409, "NOT_ENROLLED", () -> verify(token, pending.nextCode()));
  }
}
