package dev.keyfob.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset the test sets, for a server under test that must keep running
 * in real time (a browser drives it) while the test lets minutes pass at once. UTC only.
 * Thread-safe.
 */
public final class OffsetClock extends Clock implements AdjustableClock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves this clock forward by {@code amount}; it keeps running from there. */
  @Override
  public void advance(Duration amount) {
    offset.updateAndGet(current -> current.plus(amount));
  }

  /** Sets this clock to {@code at}; it keeps running from there. */
  public void set(Instant at) {
    offset.set(Duration.between(Instant.now(), at));
  }

  /** Back to the system time. */
  public void reset() {
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
