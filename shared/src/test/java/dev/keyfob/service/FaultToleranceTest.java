package dev.keyfob.service;

import dev.keyfob.store.Lookups;
import dev.keyfob.store.FailureKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.store.UserState;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.FaultProxy;
import dev.keyfob.testkit.FaultProxy.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DynamoDB and KMS unreachable, hanging, throttling, or losing the answer to a write that
 * happened, through a proxy in front of the emulator: every route answers 503 or succeeds, no
 * second factor is skipped, no failure is counted twice or lost, and service comes back by itself.
 */
@ExtendWith(AwsEmulator.class)
class FaultToleranceTest {

  private FaultProxy proxy;
  private TestKeyfob keyfob;
  private String token;
  private Enrolled enrolled;

  @BeforeEach
  void setUp(Emulator emulator) {
    proxy = FaultProxy.start(emulator.endpoint());
    keyfob = TestKeyfob.through(emulator, proxy.endpoint());
    token = keyfob.user("alice", "acme").sign();
    enrolled = keyfob.enroll(token);
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
    proxy.close();
  }

  @Test
  void unreachableStorageAndKeysGive503ThenServiceComesBack() {
    proxy.all(Mode.REFUSE);
    String code = keyfob.nextCode(enrolled.secret());
    assertUnavailable(keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code)));
    assertUnavailable(keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000")));
    assertUnavailable(keyfob.get("/v1/me/two-factor", token));
    proxy.heal();
    assertEquals(0, state().failures(FailureKind.TOTP), "nothing was counted during the outage");
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code))
        .status(), "the code was not used up by the failed attempts");
  }

  @Test
  void hangingDependencyEndsInA503WellInsideTheFunctionTimeout() {
    proxy.next("Decrypt", Mode.HANG, 10);
    long started = System.nanoTime();
    Response r = keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret())));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertUnavailable(r);
    assertTrue(millis < AwsClients.CALL_TIMEOUT.toMillis() + 2_000,
        "gave up after " + millis + " ms; the function timeout is 10 s");
    proxy.heal();
    assertEquals(0, state().failures(FailureKind.TOTP));
  }

  @Test
  void throttlingIsRetriedWithBackoffThenAnswered503() {
    proxy.next("UpdateItem", Mode.THROTTLE, 2);
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))).status(),
        "two throttled attempts are absorbed by the SDK's retries");
    assertTrue(proxy.seen("UpdateItem") >= 3);
    proxy.next("UpdateItem", Mode.THROTTLE, 50);
    assertUnavailable(keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))));
    proxy.heal();
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.code(enrolled.secret()))).status());
  }

  @Test
  void lostAnswerToAFailureWriteCountsTheFailureExactlyOnce() {
    keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000"));
    proxy.next("UpdateItem", Mode.LOSE_RESPONSE, 1);
    Response r = keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000"));
    assertEquals(401, r.status(), r.toString());
    assertEquals(3, ((Number) r.json().get("attemptsRemaining")).intValue());
    assertEquals(2, state().failures(FailureKind.TOTP), "counted once although the write was sent twice");
  }

  @Test
  void lostAnswerToASuccessWriteStillGivesTheTokenAndUsesTheStepOnce() {
    String code = keyfob.nextCode(enrolled.secret());
    proxy.next("UpdateItem", Mode.LOSE_RESPONSE, 1);
    Response r = keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code));
    assertEquals(200, r.status(), r.toString());
    assertEquals(0, state().failures(FailureKind.TOTP));
    assertEquals("INVALID_CODE", keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", code)).code(), "the step stays used");
  }

  @Test
  void lostAnswerToARecoveryWriteUsesTheCodeOnceAndAnswersSuccess() {
    proxy.next("TransactWriteItems", Mode.LOSE_RESPONSE, 1);
    Response r = keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0)));
    assertEquals(200, r.status(), r.toString());
    assertEquals(9, ((Number) r.json().get("recoveryCodesRemaining")).intValue());
    assertEquals(9, state().recoveryCodesRemaining());
    assertEquals(0, state().failures(FailureKind.RECOVERY_CODE));
  }

  @Test
  void kmsDownDuringEnrollmentLeavesNoPendingEnrollment() {
    String bob = keyfob.user("bob", "acme").sign();
    proxy.next("GenerateDataKey", Mode.REFUSE, 10);
    assertUnavailable(keyfob.post("/v1/me/two-factor/enrollment", bob, Map.of()));
    assertNull(keyfob.app.accounts().load("bob", "acme", Lookups.NONE).pending());
    proxy.heal();
    assertEquals(201, keyfob.post("/v1/me/two-factor/enrollment", bob, Map.of()).status());
  }

  @Test
  void outageDuringAResetChangesNothingAndARetryResets() {
    keyfob.clock.advance(Duration.ofSeconds(1));
    String admin = keyfob.user("ada", "acme").admin().sign();
    keyfob.get("/v1/me/two-factor", admin);
    proxy.next("TransactWriteItems", Mode.REFUSE, 10);
    assertUnavailable(keyfob.post("/v1/orgs/acme/two-factor/resets", admin,
        Map.of("userIds", List.of("alice"), "reason", "lost phone")));
    assertTrue(state().hasFactor());
    proxy.heal();
    Response r = keyfob.post("/v1/orgs/acme/two-factor/resets", admin,
        Map.of("userIds", List.of("alice"), "reason", "lost phone"));
    assertEquals(List.of(Map.of("userId", "alice", "status", "RESET")), r.json().get("results"));
  }

  private UserState state() {
    return keyfob.app.accounts().states(List.of("alice")).get(0);
  }

  private void assertUnavailable(Response r) {
    assertEquals(503, r.status(), r.toString());
    assertEquals("UNAVAILABLE", r.code());
  }
}
