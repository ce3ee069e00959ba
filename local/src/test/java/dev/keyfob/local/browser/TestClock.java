package dev.keyfob.local.browser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an adjustable offset, shared by the local API under test and the test's
 * own code generator, so a test can let "five minutes pass" without waiting. Thread-safe.
 */
final class TestClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves this clock forward by {@code amount} (it keeps running). */
  void advance(Duration amount) {
    offset.updateAndGet(current -> current.plus(amount));
  }

  /** Sets this clock to {@code at}; it keeps running from there. */
  void set(Instant at) {
    offset.set(Duration.between(Instant.now(), at));
  }

  /** Back to the system time. */
  void reset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
