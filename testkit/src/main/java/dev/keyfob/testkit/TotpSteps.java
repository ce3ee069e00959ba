package dev.keyfob.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time steps one secret's authenticator app hands out in a test, so that every code it gives
 * is one keyfob accepts now and never accepted before: keyfob takes the current RFC 6238 step
 * (30 seconds) and one either side, and never a step at or below the last one it accepted for the
 * secret (docs/openapi.yaml). {@link #next} answers the lowest step not handed out yet that stays
 * acceptable for at least the given validity, so up to three codes are available at once without
 * waiting; when they are used up, time moves on to the next step (see {@link #awaitNextStep}).
 *
 * <p>Only steps: the codes come from the caller, keyfob's own generator or an independent one
 * such as {@code oathtool}. Thread-safe.
 */
public final class TotpSteps {

  /** RFC 6238 time step. */
  public static final long STEP_SECONDS = 30;

  private static final long NONE = Long.MIN_VALUE;

  private final Clock clock;
  private final Duration validity;
  private long last = NONE;

  /**
   * @param clock the time of the server under test
   * @param validity how long a handed-out code must stay acceptable, e.g. to send or type it;
   *     ignored on a {@link MutableClock}, whose time stands still until the test moves it
   */
  public TotpSteps(Clock clock, Duration validity) {
    if (validity.isNegative() || validity.compareTo(Duration.ofSeconds(STEP_SECONDS)) > 0) {
      throw new IllegalArgumentException("validity must be 0 to " + STEP_SECONDS + " s");
    }
    this.clock = clock;
    this.validity = clock instanceof MutableClock ? Duration.ZERO : validity;
  }

  /** The step {@code instant} falls in. */
  public static long stepAt(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
  }

  /** The step the clock is in now. */
  public long current() {
    return stepAt(clock.instant());
  }

  /** The step handed out last, or {@link Long#MIN_VALUE} before the first. */
  public synchronized long last() {
    return last;
  }

  /** Counts every step up to {@code step} as used, e.g. after the server accepted one elsewhere. */
  public synchronized void usedUpTo(long step) {
    last = Math.max(last, step);
  }

  /** Hands out a step not handed out before that keyfob accepts now, waiting when needed. */
  public synchronized long next() {
    while (true) {
      Instant now = clock.instant();
      long current = stepAt(now);
      long lowestLasting = stepAt(now.plus(validity)) - 1;
      long step = last == NONE ? lowestLasting : Math.max(last + 1, lowestLasting);
      if (step <= current + 1) {
        last = step;
        return step;
      }
      awaitNextStep(clock);
    }
  }

  /**
   * Lets time reach the next step: an {@link AdjustableClock} is moved on by exactly one step (so
   * it keeps its place within the step); only a clock the test cannot move, such as the system
   * clock of a server in another process, is waited for until the step begins.
   */
  public static void awaitNextStep(Clock clock) {
    if (clock instanceof AdjustableClock adjustable) {
      adjustable.advance(Duration.ofSeconds(STEP_SECONDS));
      return;
    }
    Instant next = Instant.ofEpochSecond((stepAt(clock.instant()) + 1) * STEP_SECONDS);
    long millis = Duration.between(clock.instant(), next).toMillis() + 50;
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next TOTP step", e);
    }
  }
}
