package dev.keyfob.service;

import dev.keyfob.crypto.EncryptionBinding;
import dev.keyfob.crypto.EnvelopeCipher;
import dev.keyfob.crypto.KeyServiceUnavailableException;
import dev.keyfob.problem.DependencyUnavailableException;
import java.security.GeneralSecurityException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Seals and opens TOTP secrets with envelope encryption bound to their user, so a ciphertext
 * copied onto another user's record does not decrypt. KMS being unreachable is a 503; a
 * ciphertext that fails to decrypt is a storage integrity fault, logged (without the bytes) and
 * also answered with 503: the second factor is never skipped because a secret cannot be read.
 */
final class TotpSecretVault {

  static final String PURPOSE = "totp-secret";

  /** Loaded only when something goes wrong, which keeps java.util.logging off a cold start. */
  private static final class Log {
    static final Logger LOG = Logger.getLogger(TotpSecretVault.class.getName());
  }

  private final EnvelopeCipher cipher;

  TotpSecretVault(EnvelopeCipher cipher) {
    this.cipher = cipher;
  }

  byte[] seal(String userId, byte[] secret) {
    try {
      return cipher.encrypt(secret, new EncryptionBinding(PURPOSE, userId));
    } catch (KeyServiceUnavailableException e) {
      throw new DependencyUnavailableException("kms", e);
    } catch (GeneralSecurityException e) {
      Log.LOG.log(Level.SEVERE, "sealing a TOTP secret failed: {0}", e.getMessage());
      throw new DependencyUnavailableException("kms", e);
    }
  }

  byte[] open(String userId, byte[] envelope) {
    try {
      return cipher.decrypt(envelope, new EncryptionBinding(PURPOSE, userId));
    } catch (KeyServiceUnavailableException e) {
      throw new DependencyUnavailableException("kms", e);
    } catch (GeneralSecurityException e) {
      Log.LOG.log(Level.SEVERE, "a stored TOTP secret failed to decrypt for its user: {0}",
          e.getMessage());
      throw new DependencyUnavailableException("kms", e);
    }
  }
}
