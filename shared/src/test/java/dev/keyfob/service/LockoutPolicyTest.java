package dev.keyfob.service;

import java.util.Map;
import dev.keyfob.store.Attempts;
import dev.keyfob.store.RecoveryCodeSet;
import dev.keyfob.store.TotpFactor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.store.FailureKind;
import dev.keyfob.store.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");
  private final LockoutPolicy policy = new LockoutPolicy(5, Duration.ofSeconds(60));

  @ParameterizedTest(name = "failure {0} locks for {1} s")
  @CsvSource({
      "1, 0", "4, 0", "5, 60", "6, 0", "10, 120", "15, 240", "20, 480", "25, 960",
      "30, 1920", "35, 3600", "40, 3600", "95, 3600", "99, 0"})
  void lockDurationsDoubleUpToTheHourCap(int failures, long seconds) {
    Instant until = policy.lockAfter(failures, NOW);
    if (seconds == 0) {
      assertNull(until);
    } else {
      assertEquals(NOW.plusSeconds(seconds), until);
    }
  }

  @Test
  void hundredthFailureIsPermanentNotTimed() {
    assertNull(policy.lockAfter(100, NOW));
    assertTrue(policy.permanent(100));
    assertFalse(policy.permanent(99));
    UserState state = withTotpFailures(100, null);
    assertTrue(policy.locked(state, FailureKind.TOTP, NOW.plusSeconds(86_400)));
    assertNull(policy.timedLockEnd(state, FailureKind.TOTP, NOW));
  }

  @ParameterizedTest(name = "after failure {0}, {1} attempts remain")
  @CsvSource({"1, 4", "2, 3", "4, 1", "5, 0", "6, 4", "10, 0", "99, 1", "100, 0"})
  void attemptsRemainingCountsDownToTheNextLock(int failures, int remaining) {
    assertEquals(remaining, policy.attemptsRemaining(failures));
  }

  @Test
  void timedLockHoldsUntilItsEndAndNotAfter() {
    Instant end = NOW.plusSeconds(60);
    UserState state = withTotpFailures(5, end);
    assertTrue(policy.locked(state, FailureKind.TOTP, NOW));
    assertTrue(policy.locked(state, FailureKind.TOTP, end.minusMillis(1)));
    assertFalse(policy.locked(state, FailureKind.TOTP, end));
    assertFalse(policy.locked(state, FailureKind.RECOVERY_CODE, NOW), "kinds lock apart");
  }

  @Test
  void otherMaximumsAndFirstLocksFollowTheSameRule() {
    LockoutPolicy three = new LockoutPolicy(3, Duration.ofSeconds(10));
    assertEquals(NOW.plusSeconds(10), three.lockAfter(3, NOW));
    assertEquals(NOW.plusSeconds(20), three.lockAfter(6, NOW));
    assertEquals(2, three.attemptsRemaining(4));
  }

  private static UserState withTotpFailures(int failures, Instant until) {
    return new UserState("u", 1, new TotpFactor(new byte[] {1}, NOW, 1L),
        new RecoveryCodeSet(new byte[16], 1000, Set.of("h")), Map.of(), null,
        Map.of(FailureKind.TOTP, new Attempts(failures, until)), null, null, null);
  }
}
