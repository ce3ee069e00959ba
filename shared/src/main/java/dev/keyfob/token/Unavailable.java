package dev.keyfob.token;

import dev.keyfob.problem.DependencyUnavailableException;

/** Builds the 503 for a dependency, keeping the SDK or HTTP failure as the cause for logs. */
final class Unavailable {

  private Unavailable() {}

  static DependencyUnavailableException because(String dependency, Throwable cause) {
    try {
      return new DependencyUnavailableException(dependency, cause);
    } catch (IllegalStateException causeAlreadySet) {
      // ProblemException (main@cd4b5e8) passes an explicit null cause to Throwable, after which
      // initCause always throws. Until it accepts a cause, answer 503 without one rather than
      // letting the IllegalStateException become a 500.
      return new DependencyUnavailableException(dependency, null);
    }
  }
}
