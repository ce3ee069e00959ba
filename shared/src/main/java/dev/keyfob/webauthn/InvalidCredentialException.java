package dev.keyfob.webauthn;

/** A registration response failed a check; the service answers 400 {@code INVALID_CREDENTIAL}. */
public final class InvalidCredentialException extends WebAuthnVerificationException {
  private static final long serialVersionUID = 1L;

  public InvalidCredentialException(WebAuthnCheck check, Throwable cause) {
    super("registration", check, cause);
  }
}
