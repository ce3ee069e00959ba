package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;

/**
 * Which counter, if any, a request outcome adds to: verifications, failures, lockouts,
 * lockouts (failures that set a lock), attempts refused while locked, recoveries and resets, the figures the alarms and dashboards of the deployment use.
 */
final class Metrics {

  private Metrics() {}

  static String forSuccess(String routeKey, int status) {
    if (status >= 300) {
      return null;
    }
    return switch (routeKey) {
      case "POST /v1/me/two-factor/verify" -> "Verifications";
      case "POST /v1/me/two-factor/recover" -> "Recoveries";
      case "POST /v1/orgs/{orgId}/two-factor/resets", "POST /v1/support/two-factor/resets" ->
          "Resets";
      case "POST /v1/me/two-factor/enrollment/confirm" -> "Enrollments";
      default -> null;
    };
  }

  static String forProblem(String routeKey, ProblemException problem) {
    return switch (problem.type()) {
      case INVALID_CODE, INVALID_RECOVERY_CODE ->
          setsALock(routeKey, problem) ? "Lockouts" : "VerificationFailures";
      case LOCKED -> "LockedAttempts";
      case UNAVAILABLE -> "DependencyFailures";
      default -> null;
    };
  }

  /** The failure that sets a lock; a wrong code that voids an enrollment locks nothing. */
  private static boolean setsALock(String routeKey, ProblemException problem) {
    boolean signIn = routeKey.equals("POST /v1/me/two-factor/verify")
        || routeKey.equals("POST /v1/me/two-factor/recover");
    return signIn && Integer.valueOf(0).equals(problem.extensions().get("attemptsRemaining"));
  }
}
