package dev.keyfob.service;

import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.UserState;
import java.time.Duration;
import java.time.Instant;

/**
 * The contract's lockout arithmetic. Every {@code maxFailedAttempts}-th consecutive failure locks
 * its kind for {@code lockout × 2^(k−1)} (k = failures ÷ max), at most one hour; at
 * {@value #PERMANENT_LOCK_FAILURES} failures the kind stays locked until a reset. The one owner of
 * these rules: every lock decision, count and message of keyfob comes from here.
 * Immutable and thread-safe.
 */
public final class LockoutPolicy {

  /** Longest lock a run of failures can set, whatever the count. */
  public static final Duration MAX_LOCK = Duration.ofHours(1);

  /** Consecutive failures after which a kind stays locked until a reset. */
  public static final int PERMANENT_LOCK_FAILURES = 100;

  private final int maxFailedAttempts;
  private final Duration firstLock;

  public LockoutPolicy(int maxFailedAttempts, Duration firstLock) {
    if (maxFailedAttempts < 1) {
      throw new IllegalArgumentException("maxFailedAttempts must be positive");
    }
    this.maxFailedAttempts = maxFailedAttempts;
    this.firstLock = firstLock;
  }

  public static LockoutPolicy from(KeyfobSettings settings) {
    return new LockoutPolicy(settings.maxFailedAttempts(), settings.lockout());
  }

  /** Whether {@code failures} consecutive failures mean a lock that only a reset lifts. */
  public boolean permanent(int failures) {
    return failures >= PERMANENT_LOCK_FAILURES;
  }

  /** Whether any kind stays locked until a reset. */
  public boolean permanentlyLocked(UserState state) {
    for (FailureKind kind : FailureKind.values()) {
      if (permanent(state.failures(kind))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the kind refuses every attempt at {@code now}. */
  public boolean locked(UserState state, FailureKind kind, Instant now) {
    Instant until = state.lockedUntil(kind);
    return permanent(state.failures(kind)) || (until != null && now.isBefore(until));
  }

  /** The end of the timed lock in force at {@code now}, or null (none, or permanent). */
  public Instant timedLockEnd(UserState state, FailureKind kind, Instant now) {
    if (permanent(state.failures(kind))) {
      return null;
    }
    Instant until = state.lockedUntil(kind);
    return until != null && now.isBefore(until) ? until : null;
  }

  /**
   * The timed lock that the failure bringing the count to {@code failures} sets, or null when
   * it sets none (not a multiple of the maximum, or permanent instead).
   */
  public Instant lockAfter(int failures, Instant now) {
    if (permanent(failures) || failures % maxFailedAttempts != 0) {
      return null;
    }
    int k = failures / maxFailedAttempts;
    Duration max = MAX_LOCK;
    // 2^(k-1) overflows long quickly; anything past the cap is the cap.
    Duration lock = k - 1 >= 30 ? max : firstLock.multipliedBy(1L << (k - 1));
    return now.plus(lock.compareTo(max) > 0 ? max : lock);
  }

  /** Failures left before the next lock, after a failure brought the count to {@code failures}. */
  public int attemptsRemaining(int failures) {
    if (permanent(failures)) {
      return 0;
    }
    int toTimedLock = (maxFailedAttempts - failures % maxFailedAttempts) % maxFailedAttempts;
    return Math.min(toTimedLock, PERMANENT_LOCK_FAILURES - failures);
  }
}
