package dev.keyfob.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TotpStepsTest {

  /** 2026-11-28T22:00:00Z is the start of a step. */
  private static final Instant STEP_START = Instant.parse("2026-11-28T22:00:00Z");
  private static final long STEP = TotpSteps.stepAt(STEP_START);

  @Test
  void onAMutableClockThePreviousCurrentAndNextStepComeFirstWithoutMovingTime() {
    MutableClock clock = new MutableClock(STEP_START.plusSeconds(5));
    TotpSteps steps = new TotpSteps(clock, Duration.ofSeconds(8));

    assertEquals(STEP - 1, steps.next());
    assertEquals(STEP, steps.next());
    assertEquals(STEP + 1, steps.next());
    assertEquals(STEP_START.plusSeconds(5), clock.instant());
  }

  @Test
  void whenTheWindowIsUsedUpAMutableClockMovesOnByExactlyOneStep() {
    MutableClock clock = new MutableClock(STEP_START.plusSeconds(5));
    TotpSteps steps = new TotpSteps(clock, Duration.ZERO);
    steps.usedUpTo(STEP + 1);

    assertEquals(STEP + 2, steps.next());
    assertEquals(STEP_START.plusSeconds(35), clock.instant());
    assertEquals(STEP + 1, steps.current());
    assertEquals(STEP + 2, steps.last());
  }

  @Test
  void stepsTheServerAcceptedElsewhereAreNeverHandedOut() {
    MutableClock clock = new MutableClock(STEP_START.plusSeconds(5));
    TotpSteps steps = new TotpSteps(clock, Duration.ZERO);
    steps.usedUpTo(STEP);
    steps.usedUpTo(STEP - 3);

    assertEquals(STEP, steps.last(), "an older step never lowers the mark");
    assertEquals(STEP + 1, steps.next());
  }

  @Test
  void onARunningClockAStepThatWouldExpireWithinTheValidityIsSkipped() {
    Clock late = Clock.fixed(STEP_START.plusSeconds(25), ZoneOffset.UTC);
    Clock early = Clock.fixed(STEP_START.plusSeconds(5), ZoneOffset.UTC);

    assertEquals(STEP, new TotpSteps(late, Duration.ofSeconds(8)).next(),
        "the previous step stops being accepted in 5 s");
    assertEquals(STEP - 1, new TotpSteps(early, Duration.ofSeconds(8)).next(),
        "the previous step is accepted for 25 s more");
    assertEquals(STEP, new TotpSteps(early, Duration.ofSeconds(TotpSteps.STEP_SECONDS)).next(),
        "a whole step of validity starts at the current step");
  }

  @Test
  void whenTheWindowIsUsedUpARunningAdjustableClockMovesOnAStepInsteadOfSleeping() {
    OffsetClock clock = new OffsetClock();
    clock.set(STEP_START.plusSeconds(25));
    TotpSteps steps = new TotpSteps(clock, Duration.ofSeconds(8));

    assertEquals(STEP, steps.next(), "the previous step would expire within the validity");
    assertEquals(STEP + 1, steps.next());
    long started = System.nanoTime();
    assertEquals(STEP + 2, steps.next());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0,
        "no sleep for the step");
    assertEquals(STEP + 1, steps.current(), "the clock moved on by one step");
  }

  @Test
  void validityOutsideZeroToOneStepIsRefused() {
    Clock clock = Clock.systemUTC();
    assertThrows(IllegalArgumentException.class,
        () -> new TotpSteps(clock, Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> new TotpSteps(clock, Duration.ofSeconds(TotpSteps.STEP_SECONDS + 1)));
  }

  @Test
  void stepsAreThirtySecondsCountedFromTheEpoch() {
    assertEquals(0, TotpSteps.stepAt(Instant.EPOCH.plusSeconds(29)));
    assertEquals(1, TotpSteps.stepAt(Instant.EPOCH.plusSeconds(30)));
    assertEquals(59_863_440, STEP);
  }
}
