package dev.keyfob.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OffsetClockTest {

  @Test
  void runsWithTheSystemClockFromWhereverItWasMovedOrSet() {
    OffsetClock clock = new OffsetClock();
    assertWithinASecond(Instant.now(), clock.instant());

    clock.advance(Duration.ofMinutes(5));
    assertWithinASecond(Instant.now().plus(Duration.ofMinutes(5)), clock.instant());

    Instant at = Instant.parse("2099-06-01T09:41:00Z");
    clock.set(at);
    Instant read = clock.instant();
    assertWithinASecond(at, read);
    assertTrue(!clock.instant().isBefore(read), "it keeps running");

    clock.reset();
    assertWithinASecond(Instant.now(), clock.instant());
  }

  private static void assertWithinASecond(Instant expected, Instant actual) {
    assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(1)) < 0,
        "expected about " + expected + ", was " + actual);
  }
}
