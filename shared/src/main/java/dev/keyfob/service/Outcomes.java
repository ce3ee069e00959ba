package dev.keyfob.service;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.UserState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract's problem outcomes that several services share, with their extra members and
 * wording. Details speak to the person at the keyboard and never contain a code.
 */
final class Outcomes {

  private Outcomes() {}

  static ProblemException ssoExempt() {
    return new ProblemException(ProblemType.SSO_EXEMPT,
        "You signed in with SSO, so two-factor authentication is handled by your identity"
            + " provider.");
  }

  static ProblemException notEnrolled() {
    return new ProblemException(ProblemType.NOT_ENROLLED,
        "Two-factor authentication is not set up for your account.");
  }

  static ProblemException methodNotEnrolled(String method) {
    return new ProblemException(ProblemType.METHOD_NOT_ENROLLED,
        "You have no " + method + " set up. Use another of your methods or a recovery code.");
  }

  static ProblemException lastFactor() {
    return new ProblemException(ProblemType.LAST_FACTOR,
        "This is your only second factor. Add another method first, or turn two-factor"
            + " authentication off instead.");
  }

  static ProblemException enrollmentNotFound() {
    return new ProblemException(ProblemType.ENROLLMENT_NOT_FOUND,
        "This setup has expired or was replaced. Start the setup again.");
  }

  /** 429 for a locked kind: permanent, or timed with lockedUntil and Retry-After rounded up. */
  static ProblemException locked(LockoutPolicy lockout, UserState state, FailureKind kind,
      Instant now) {
    Instant until = lockout.timedLockEnd(state, kind, now);
    if (until == null) {
      return new ProblemException(ProblemType.LOCKED,
          "Too many wrong attempts. Ask an admin or support to reset your two-factor"
              + " authentication.",
          Map.of("permanent", true));
    }
    Instant roundedUntil = ceilToSecond(until);
    long retryAfter = Math.max(1, ceilSeconds(Duration.between(now, until)));
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("lockedUntil", roundedUntil);
    extras.put("permanent", false);
    return new ProblemException(ProblemType.LOCKED,
        "Too many wrong attempts. Try again in " + describe(retryAfter) + ".", extras,
        retryAfter);
  }

  /**
   * 401 for a wrong code. The failure that sets a lock says so: a timed lock carries
   * {@code lockedUntil} and {@code Retry-After} like the 429s that follow, a permanent one
   * {@code "permanent": true}.
   *
   * @param lockedUntil the timed lock this failure set, or null
   * @param permanent whether this failure set the lock that only a reset lifts
   */
  static ProblemException wrongCode(FailureKind kind, int attemptsRemaining, Instant lockedUntil,
      boolean permanent, Instant now) {
    ProblemType type;
    String what;
    switch (kind) {
      case TOTP -> {
        type = ProblemType.INVALID_CODE;
        what = "That code is not right.";
      }
      case RECOVERY_CODE -> {
        type = ProblemType.INVALID_RECOVERY_CODE;
        what = "That recovery code is not valid.";
      }
      default -> {
        type = ProblemType.INVALID_ASSERTION;
        what = "Your security key's answer could not be accepted.";
      }
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("attemptsRemaining", attemptsRemaining);
    if (permanent) {
      extras.put("permanent", true);
      return new ProblemException(type, what + " Too many wrong attempts: ask an admin or"
          + " support to reset your two-factor authentication.", extras);
    }
    if (lockedUntil != null) {
      long retryAfter = Math.max(1, ceilSeconds(Duration.between(now, lockedUntil)));
      extras.put("lockedUntil", ceilToSecond(lockedUntil));
      extras.put("permanent", false);
      return new ProblemException(type, what + " Too many wrong attempts: try again in "
          + describe(retryAfter) + ".", extras, retryAfter);
    }
    return new ProblemException(type, what + " " + attemptsRemaining
        + (attemptsRemaining == 1 ? " attempt" : " attempts") + " left before a temporary lock.",
        extras);
  }

  static ProblemException wrongEnrollmentCode(int attemptsRemaining) {
    String left = attemptsRemaining == 0
        ? " Too many wrong codes: start the setup again."
        : " Check the time on your phone and try the current code. " + attemptsRemaining
            + (attemptsRemaining == 1 ? " attempt" : " attempts") + " left.";
    return new ProblemException(ProblemType.INVALID_CODE, "That code is not right." + left,
        Map.of("attemptsRemaining", attemptsRemaining));
  }

  static Instant ceilToSecond(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.SECONDS);
    return down.equals(t) ? t : down.plusSeconds(1);
  }

  private static long ceilSeconds(Duration d) {
    long millis = d.toMillis();
    return (millis + 999) / 1000;
  }

  private static String describe(long seconds) {
    if (seconds < 120) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = (seconds + 59) / 60;
    return minutes + " minutes";
  }
}
