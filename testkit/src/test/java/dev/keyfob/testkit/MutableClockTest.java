package dev.keyfob.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  @Test
  void standsStillUntilMovedBySetOrAdvance() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T22:00:00Z"));
    assertEquals(clock.instant(), clock.instant());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(Instant.parse("2026-11-28T22:05:00Z"), clock.instant());
    clock.set(Instant.parse("2027-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), clock.instant());
  }

  @Test
  void atStepStartIsFiveSecondsIntoTheCurrentStep() {
    long before = TotpSteps.stepAt(Instant.now());
    MutableClock clock = MutableClock.atStepStart();
    long after = TotpSteps.stepAt(Instant.now());
    assertEquals(5, clock.instant().getEpochSecond() % TotpSteps.STEP_SECONDS);
    long step = TotpSteps.stepAt(clock.instant());
    assertTrue(step == before || step == after, "the step it was made in");
  }
}
