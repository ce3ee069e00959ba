package dev.keyfob.webauthn;

import java.util.Objects;

/**
 * A WebAuthn response was rejected. {@link #check()} names the failed check. The message is a
 * fixed phrase per check and never holds client input; the library's exception, when there is
 * one, is the cause, for logs only.
 */
public abstract sealed class WebAuthnVerificationException extends Exception
    permits InvalidCredentialException, InvalidAssertionException {
  private static final long serialVersionUID = 1L;

  private final WebAuthnCheck check;

  public WebAuthnVerificationException(String ceremony, WebAuthnCheck check, Throwable cause) {
    super(ceremony + " rejected: " + Objects.requireNonNull(check), cause);
    this.check = check;
  }

  /** The check that failed. */
  public WebAuthnCheck check() {
    return check;
  }
}
