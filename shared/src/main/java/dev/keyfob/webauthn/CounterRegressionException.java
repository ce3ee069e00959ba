package dev.keyfob.webauthn;

/**
 * The assertion was otherwise valid (its signature verified) but its signature counter was not
 * greater than the stored one while one of them was non-zero: a sign of a cloned authenticator
 * or of a replay (WebAuthn Level 3, section 7.2, step 22). Check {@link WebAuthnCheck#COUNTER}.
 */
public final class CounterRegressionException extends InvalidAssertionException {
  private static final long serialVersionUID = 1L;

  private final long storedSignCount;
  private final long presentedSignCount;

  public CounterRegressionException(long storedSignCount, long presentedSignCount,
      Throwable cause) {
    super(WebAuthnCheck.COUNTER, cause);
    this.storedSignCount = storedSignCount;
    this.presentedSignCount = presentedSignCount;
  }

  /** The counter keyfob had stored, 0 to 2^32-1. */
  public long storedSignCount() {
    return storedSignCount;
  }

  /** The counter the authenticator reported, 0 to 2^32-1. */
  public long presentedSignCount() {
    return presentedSignCount;
  }
}
