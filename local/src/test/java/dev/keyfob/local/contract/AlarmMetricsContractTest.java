package dev.keyfob.local.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The counters behind {@code LockoutSpikeAlarm} (docs/operations.md, "Alarms"), read from the
 * request lines of {@code scripts/run-local}: the wrong code that sets a lock at sign-in counts
 * as {@code Lockouts}; the fifth wrong confirm code, which voids a pending enrollment and locks
 * nobody, counts as {@code EnrollmentsVoided} and stays out of the alarm.
 */
@ExtendWith(RunLocal.class)
class AlarmMetricsContractTest {

  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  void theWrongVerifyCodeThatSetsALockCountsAsALockout(Api api) throws InterruptedException {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, Ids.unique("org"), false);
    Reply last = null;
    for (int i = 0; i < 5; i++) {
      last = api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", "000000"));
      assertEquals(401, last.status(), last.toString());
      if (i < 4) {
        assertEquals("VerificationFailures", metricOf(last));
      }
    }
    assertEquals(0, last.json().get("attemptsRemaining"));
    assertEquals("Lockouts", metricOf(last));
  }

  @Test
  void theWrongRecoveryCodeThatSetsALockCountsAsALockout(Api api) throws InterruptedException {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, Ids.unique("org"), false);
    Reply last = null;
    for (int i = 0; i < 5; i++) {
      last = api.post("/v1/me/two-factor/recover", u.idToken(),
          Map.of("recoveryCode", "2222-3333-4444-5555"));
      assertEquals(401, last.status(), last.toString());
    }
    assertEquals(0, last.json().get("attemptsRemaining"));
    assertEquals("Lockouts", metricOf(last));
  }

  @Test
  void theFifthWrongConfirmCodeVoidsTheEnrollmentWithoutCountingAsALockout(Api api)
      throws InterruptedException {
    String org = Ids.unique("org");
    String token = api.idToken(DevToken.member(Ids.unique("user"), org));
    Reply started = api.post("/v1/me/two-factor/enrollment", token, "{}");
    assertEquals(201, started.status(), started.toString());
    Reply last = null;
    for (int i = 0; i < 5; i++) {
      last = api.post("/v1/me/two-factor/enrollment/confirm", token, Map.of(
          "enrollmentId", started.string("enrollmentId"), "code", "000000"));
      assertEquals(401, last.status(), last.toString());
      if (i < 4) {
        assertEquals("VerificationFailures", metricOf(last));
      }
    }
    assertEquals(0, last.json().get("attemptsRemaining"));
    assertEquals("EnrollmentsVoided", metricOf(last));
    Reply again = api.post("/v1/me/two-factor/enrollment/confirm", token, Map.of(
        "enrollmentId", started.string("enrollmentId"), "code", "000000"));
    assertEquals("ENROLLMENT_NOT_FOUND", again.code(), "the enrollment is void");
  }

  /** The one EMF counter in the request line of this reply, found by its request id. */
  private static String metricOf(Reply reply) throws InterruptedException {
    String id = reply.header("X-Request-Id").orElseThrow();
    String line = requestLine(id);
    assertTrue(line.contains("\"CloudWatchMetrics\""), "an EMF counter: " + line);
    String metric = line.replaceFirst(".*\"Metrics\":\\[\\{[^}]*\"Name\":\"([A-Za-z]+)\".*", "$1");
    assertTrue(line.contains("\"" + metric + "\":1"), line);
    assertFalse(!metric.equals("Lockouts") && line.contains("\"Lockouts\""), line);
    return metric;
  }

  /** The JSON request line of one request; the output is read by another thread. */
  private static String requestLine(String requestId) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String line : RunLocal.output().split("\n")) {
        if (line.contains("\"msg\":\"request\"")
            && line.contains("\"requestId\":\"" + requestId + "\"")) {
          return line;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no request line for " + requestId);
  }
}
