package dev.keyfob.problem;

/**
 * DynamoDB, KMS or the identity provider's key set could not be reached in time, or throttled
 * past the retry budget. Surfaces as 503 {@code UNAVAILABLE}; whatever the failed call was part of
 * did not take effect, and no second factor was skipped because of it.
 */
public final class DependencyUnavailableException extends ProblemException {

  private static final long serialVersionUID = 1L;

  private final String dependency;

  /**
   * @param dependency short name for logs, e.g. {@code "dynamodb"}; never shown with secrets
   */
  public DependencyUnavailableException(String dependency, Throwable cause) {
    super(ProblemType.UNAVAILABLE,
        "A service keyfob depends on is temporarily unavailable. Please try again shortly.",
        java.util.Map.of(), -1, cause);
    this.dependency = dependency;
  }

  /** Which dependency failed, for logs and metrics. */
  public String dependency() {
    return dependency;
  }
}
