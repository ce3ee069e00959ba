package dev.keyfob.service;

import dev.keyfob.store.FailureKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.store.UserState;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.totp.Base32;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Real concurrent requests against the emulator: threads released together by a latch, each
 * going through the full request pipeline and its conditional writes.
 */
class ConcurrencyTest extends EmulatorEnrolledUserTest {

  ConcurrencyTest(Emulator emulator) {
    super(emulator);
  }

  @Test
  void sameTotpCodeFromTenThreadsSucceedsOnce() throws Exception {
    String code = keyfob.nextCode(enrolled.secret());
    List<Response> responses = together(10,
        () -> keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code)));
    assertEquals(1, count(responses, 200), responses.toString());
    assertTrue(responses.stream().allMatch(r -> r.status() == 200 || r.status() == 401
        || r.status() == 429), responses.toString());
  }

  @Test
  void sameRecoveryCodeFromTenThreadsSucceedsOnce() throws Exception {
    String code = enrolled.recoveryCodes().get(0);
    List<Response> responses = together(10,
        () -> keyfob.post("/v1/me/two-factor/recover", token, Map.of("recoveryCode", code)));
    assertEquals(1, count(responses, 200), responses.toString());
    assertEquals(9, state().recoveryCodesRemaining());
  }

  @Test
  void differentRecoveryCodesAtOnceAreEachUsedExactlyOnce() throws Exception {
    List<Callable<Response>> calls = new ArrayList<>();
    for (String code : enrolled.recoveryCodes()) {
      calls.add(() -> keyfob.post("/v1/me/two-factor/recover", token,
          Map.of("recoveryCode", code)));
    }
    List<Response> responses = together(calls);
    assertEquals(10, count(responses, 200), responses.toString());
    assertEquals(1, responses.stream().filter(r -> Boolean.TRUE.equals(
        r.json().get("reenrollRequired"))).count(), "exactly one request used the last code");
    UserState s = state();
    assertEquals(false, s.hasFactor());
    assertEquals(2, s.factorVersion());
  }

  @Test
  void twentySimultaneousWrongCodesAreCountedToTheLockAndNoMore() throws Exception {
    List<Response> responses = together(20,
        () -> keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000")));
    assertEquals(5, count(responses, 401), responses.toString());
    assertEquals(15, count(responses, 429), responses.toString());
    List<Integer> remaining = responses.stream().filter(r -> r.status() == 401)
        .map(r -> ((Number) r.json().get("attemptsRemaining")).intValue()).sorted().toList();
    assertEquals(List.of(0, 1, 2, 3, 4), remaining, "each failure counted exactly once");
    assertEquals(5, state().failures(FailureKind.TOTP));
  }

  @Test
  void rightCodeRacingWrongOnesNeverSucceedsAfterTheLock() throws Exception {
    String code = keyfob.nextCode(enrolled.secret());
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(() -> keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000")));
    }
    calls.add(() -> keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code)));
    List<Response> responses = together(calls);
    UserState s = state();
    Response right = responses.get(responses.size() - 1);
    if (right.status() == 200) {
      assertTrue(s.failures(FailureKind.TOTP) <= 5, "success reset the count, then at most one more lock");
    } else {
      assertEquals(429, right.status(), right.toString());
    }
    assertTrue(count(responses, 401) <= 10, responses.toString());
  }

  @Test
  void twoConfirmsOfOneEnrollmentAtOnceMakeOneFactor() throws Exception {
    String bob = keyfob.user("bob", "acme").sign();
    Response started = keyfob.post("/v1/me/two-factor/enrollment", bob, Map.of());
    byte[] secret = Base32.decode(started.string("secret"));
    String code = keyfob.code(secret);
    List<Response> responses = together(6, () -> keyfob.post(
        "/v1/me/two-factor/enrollment/confirm", bob,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", code)));
    assertEquals(1, count(responses, 200), responses.toString());
    assertEquals(1, keyfob.app.accounts().states(List.of("bob")).get(0).factorVersion());
  }

  private UserState state() {
    return keyfob.app.accounts().states(List.of("alice")).get(0);
  }

  private static long count(List<Response> responses, int status) {
    return responses.stream().filter(r -> r.status() == status).count();
  }

  private static List<Response> together(int n, Callable<Response> call) throws Exception {
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(call);
    }
    return together(calls);
  }

  /** Starts every call on its own thread and releases them at the same instant. */
  static List<Response> together(List<Callable<Response>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    CountDownLatch ready = new CountDownLatch(calls.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Response>> futures = new ArrayList<>();
      for (Callable<Response> call : calls) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return call.call();
        }));
      }
      ready.await();
      go.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> f : futures) {
        responses.add(f.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
