package dev.keyfob.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the problems token code throws. */
final class Problems {

  private Problems() {}

  /** Asserts a 401 UNAUTHENTICATED whose detail is the given text. */
  static ProblemException assertUnauthenticated(String detail, Executable call) {
    ProblemException e = assertUnauthenticated(call);
    assertEquals(detail, e.detail());
    return e;
  }

  /** Asserts a 401 UNAUTHENTICATED (and not a 503) with a short detail. */
  static ProblemException assertUnauthenticated(Executable call) {
    ProblemException e = assertThrows(ProblemException.class, call);
    assertEquals(ProblemType.UNAUTHENTICATED, e.type(), () -> "got " + e.type() + ": "
        + e.detail());
    assertTrue(e.detail().length() <= 80, "short detail: " + e.detail());
    return e;
  }

  /** Asserts a 503 naming the dependency. */
  static DependencyUnavailableException assertUnavailable(String dependency, Executable call) {
    DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, call);
    assertEquals(ProblemType.UNAVAILABLE, e.type());
    assertEquals(dependency, e.dependency());
    return e;
  }
}
