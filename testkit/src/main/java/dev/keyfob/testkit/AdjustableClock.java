package dev.keyfob.testkit;

import java.time.Duration;

/**
 * A test's clock that the test moves forward by hand, so that time passes for the code under test
 * without the test waiting: a {@link MutableClock}, which stands still between moves, or an
 * {@link OffsetClock}, which keeps running. {@link TotpSteps} moves one on to the next TOTP step
 * instead of sleeping for it.
 */
public interface AdjustableClock {

  /** Moves the clock forward by {@code amount}. */
  void advance(Duration amount);
}
