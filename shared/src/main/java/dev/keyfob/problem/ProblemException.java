package dev.keyfob.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A contract outcome other than success: a problem type, a detail for the person, and the extra
 * members the contract names (for example {@code attemptsRemaining} or {@code lockedUntil}).
 *
 * <p>The detail must never contain a secret, a code or a token; it is shown to people. Stack
 * traces are not captured, because this is an expected outcome, not a fault.
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final transient Map<String, Object> extensions;
  private final long retryAfterSeconds;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, Map.of(), -1);
  }

  public ProblemException(ProblemType type, String detail, Map<String, Object> extensions) {
    this(type, detail, extensions, -1);
  }

  /**
   * @param retryAfterSeconds value of a {@code Retry-After} header, or -1 for none
   */
  public ProblemException(
      ProblemType type, String detail, Map<String, Object> extensions, long retryAfterSeconds) {
    this(type, detail, extensions, retryAfterSeconds, null);
  }

  /** With the fault behind the outcome, for logs; the cause never reaches a response. */
  protected ProblemException(ProblemType type, String detail, Map<String, Object> extensions,
      long retryAfterSeconds, Throwable cause) {
    super(Objects.requireNonNull(detail, "detail"), cause, false, false);
    this.type = Objects.requireNonNull(type, "type");
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ProblemType type() {
    return type;
  }

  /** Text for the {@code detail} member. */
  public String detail() {
    return getMessage();
  }

  /** Extra members, in the order they should appear. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** Seconds for {@code Retry-After}, or -1 when the response carries none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
