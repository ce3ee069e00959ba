package dev.keyfob.crypto;

import java.security.GeneralSecurityException;

/**
 * The key service (KMS) could not be reached in time, throttled past the retry budget, or failed
 * on its side. Nothing is known about the ciphertext: the operation may succeed later, so callers
 * answer 503 and change nothing rather than treating the data as corrupt.
 */
public class KeyServiceUnavailableException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message short description, never containing key or ciphertext bytes
   * @param cause the SDK exception, kept for logs
   */
  public KeyServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
