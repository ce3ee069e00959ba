package dev.keyfob.token;

import java.time.Instant;

/** The instant the token tests' clocks start at. */
final class TestTimes {

  static final Instant START = Instant.parse("2026-11-28T22:00:00Z");

  private TestTimes() {}
}
