package dev.keyfob.testing;

import dev.keyfob.crypto.EncryptionBinding;
import dev.keyfob.crypto.EnvelopeCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An {@link EnvelopeCipher} for the rule tests that run on the in-memory fakes: real AES-256-GCM
 * under a key of its own made at construction, with a random 96-bit nonce and the binding's
 * associated data, so an envelope still decrypts only under an equal binding and a changed byte
 * fails. There is no key service: KMS's part (data keys, encryption context, its failures) is
 * proven by {@code KmsEnvelopeCipherTest} on the emulator. Envelopes are {@code version, nonce,
 * ciphertext and tag}. Thread-safe.
 */
public final class LocalEnvelopeCipher implements EnvelopeCipher {

  private static final byte VERSION = 0x4c; // 'L': not a KMS envelope (version 1)
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  public LocalEnvelopeCipher() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, RANDOM);
      this.key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256 is missing from this JVM", e);
    }
  }

  @Override
  public byte[] encrypt(byte[] plaintext, EncryptionBinding binding)
      throws GeneralSecurityException {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(binding, "binding");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD(binding.associatedData());
    byte[] sealed = gcm.doFinal(plaintext);
    return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce)
        .put(sealed).array();
  }

  @Override
  public byte[] decrypt(byte[] envelope, EncryptionBinding binding)
      throws GeneralSecurityException {
    Objects.requireNonNull(binding, "binding");
    if (envelope == null || envelope.length < 1 + NONCE_BYTES + TAG_BITS / 8
        || envelope[0] != VERSION) {
      throw new GeneralSecurityException("malformed envelope");
    }
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, 1, NONCE_BYTES));
    gcm.updateAAD(binding.associatedData());
    try {
      return gcm.doFinal(envelope, 1 + NONCE_BYTES, envelope.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new GeneralSecurityException("envelope authentication failed");
    }
  }
}
