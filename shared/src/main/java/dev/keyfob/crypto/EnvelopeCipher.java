package dev.keyfob.crypto;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption of small secrets (TOTP secrets, signing keys) bound to an {@link
 * EncryptionBinding}.
 *
 * <p>Implementations are thread-safe. A failure to decrypt never returns partial plaintext.
 */
public interface EnvelopeCipher {

  /**
   * Encrypts {@code plaintext} so that only {@link #decrypt} with an equal binding recovers it.
   *
   * @return a self-contained envelope; the caller may zero {@code plaintext} afterwards
   * @throws KeyServiceUnavailableException if the key service cannot be reached in time
   * @throws GeneralSecurityException if the key service refuses, or encryption fails
   */
  byte[] encrypt(byte[] plaintext, EncryptionBinding binding) throws GeneralSecurityException;

  /**
   * Recovers the plaintext of an envelope made by {@link #encrypt} under an equal binding.
   *
   * @throws KeyServiceUnavailableException if the key service cannot be reached in time
   * @throws GeneralSecurityException if the envelope is malformed or tampered with, was made
   *     under another binding or key, or the key service refuses
   */
  byte[] decrypt(byte[] envelope, EncryptionBinding binding) throws GeneralSecurityException;
}
