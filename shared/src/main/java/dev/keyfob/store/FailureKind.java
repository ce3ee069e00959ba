package dev.keyfob.store;

/**
 * The second-factor kinds whose failures are counted and locked apart, as the contract's lockout
 * rules say. Each names the attributes of {@link UserState} that hold its count and lock.
 */
public enum FailureKind {
  /** Authenticator-app codes at {@code /verify}. */
  TOTP(UserState.TOTP_FAILURES, UserState.TOTP_LOCKED_UNTIL),
  /** Recovery codes at {@code /recover}. */
  RECOVERY_CODE(UserState.RECOVERY_FAILURES, UserState.RECOVERY_LOCKED_UNTIL),
  /** Security-key and passkey assertions at {@code /webauthn/assertions/verify}. */
  WEBAUTHN(UserState.WEBAUTHN_FAILURES, UserState.WEBAUTHN_LOCKED_UNTIL);

  private final String failuresAttribute;
  private final String lockedUntilAttribute;

  FailureKind(String failuresAttribute, String lockedUntilAttribute) {
    this.failuresAttribute = failuresAttribute;
    this.lockedUntilAttribute = lockedUntilAttribute;
  }

  String failuresAttribute() {
    return failuresAttribute;
  }

  String lockedUntilAttribute() {
    return lockedUntilAttribute;
  }
}
