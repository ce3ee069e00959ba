package dev.keyfob.webauthn;

/**
 * An assertion failed a check; the service answers 401 {@code INVALID_ASSERTION} and counts a
 * failure. A counter failure is the subclass {@link CounterRegressionException}, which the
 * service also audits as {@code WEBAUTHN_COUNTER_ERROR}.
 */
public sealed class InvalidAssertionException extends WebAuthnVerificationException
    permits CounterRegressionException {
  private static final long serialVersionUID = 1L;

  public InvalidAssertionException(WebAuthnCheck check, Throwable cause) {
    super("assertion", check, cause);
  }
}
