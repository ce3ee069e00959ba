package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;

/**
 * Which counter, if any, a request outcome adds to, in the {@value RequestLog#NAMESPACE}
 * namespace the alarms and dashboards of the deployment read: {@code Verifications},
 * {@code Recoveries}, {@code Enrollments} and {@code Resets} for successes;
 * {@code VerificationFailures} for wrong codes; {@code Lockouts} for the wrong code at sign-in
 * (verify or recover) that sets a lock, which {@code LockoutSpikeAlarm} counts;
 * {@code EnrollmentsVoided} for the wrong confirm code that voids a pending enrollment, which
 * locks nobody and so stays out of that alarm; {@code LockedAttempts} for attempts refused
 * while locked; {@code DependencyFailures} for 503s.
 */
final class Metrics {

  private static final String VERIFY = "POST /v1/me/two-factor/verify";
  private static final String RECOVER = "POST /v1/me/two-factor/recover";
  private static final String CONFIRM = "POST /v1/me/two-factor/enrollment/confirm";

  private Metrics() {}

  static String forSuccess(String routeKey, int status) {
    if (status >= 300) {
      return null;
    }
    return switch (routeKey) {
      case VERIFY -> "Verifications";
      case RECOVER -> "Recoveries";
      case "POST /v1/orgs/{orgId}/two-factor/resets", "POST /v1/support/two-factor/resets" ->
          "Resets";
      case CONFIRM -> "Enrollments";
      default -> null;
    };
  }

  static String forProblem(String routeKey, ProblemException problem) {
    return switch (problem.type()) {
      case INVALID_CODE, INVALID_RECOVERY_CODE -> forWrongCode(routeKey, problem);
      case LOCKED -> "LockedAttempts";
      case UNAVAILABLE -> "DependencyFailures";
      default -> null;
    };
  }

  private static String forWrongCode(String routeKey, ProblemException problem) {
    boolean noAttemptsLeft =
        Integer.valueOf(0).equals(problem.extensions().get("attemptsRemaining"));
    if (noAttemptsLeft && (routeKey.equals(VERIFY) || routeKey.equals(RECOVER))) {
      return "Lockouts";
    }
    if (noAttemptsLeft && routeKey.equals(CONFIRM)) {
      return "EnrollmentsVoided";
    }
    return "VerificationFailures";
  }
}
