package dev.keyfob.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests and the benchmark move by hand; never used by a deployed function. Thread-safe. */
public final class MutableClock extends Clock implements AdjustableClock {

  private final AtomicReference<Instant> now;

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at a whole second well inside a TOTP step, so step edges never flake a test. */
  public static MutableClock atStepStart() {
    long seconds = (System.currentTimeMillis() / 1000 / 30) * 30 + 5;
    return new MutableClock(Instant.ofEpochSecond(seconds));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
