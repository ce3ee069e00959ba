package dev.keyfob.store;

import java.time.Instant;

/**
 * The consecutive failures of one kind ({@link FailureKind}) and the end of the timed lock they
 * set, if any (may lie in the past). A permanent lock is the count itself reaching the limit
 * ({@code LockoutPolicy}).
 */
public record Attempts(int failures, Instant lockedUntil) {

  /** No failures, no lock. */
  public static final Attempts NONE = new Attempts(0, null);
}
