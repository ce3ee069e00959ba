package dev.keyfob.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Envelope encryption through AWS KMS: one fresh AES-256 data key per {@link #encrypt} call from
 * KMS {@code GenerateDataKey}, used locally for AES-256-GCM with a random 96-bit nonce and a
 * 128-bit tag. The {@link EncryptionBinding} is both the KMS encryption context of the data key
 * and the GCM associated data, so a ciphertext decrypts only under the binding it was made for.
 *
 * <h2>Envelope layout, version 1</h2>
 *
 * <p>All lengths are unsigned big-endian.
 *
 * <pre>
 * offset   size  field
 * 0        1     format version, 0x01
 * 1        2     k: length of the encrypted data key, 1..6144
 * 3        k     encrypted data key: the KMS CiphertextBlob of GenerateDataKey
 * 3+k      1     n: nonce length, always 12
 * 4+k      12    AES-GCM nonce
 * 16+k     4     c: length of ciphertext plus tag, 16..65552, equal to the bytes that remain
 * 20+k     c     AES-256-GCM ciphertext followed by its 16-byte tag
 * </pre>
 *
 * <p>The KMS key is not stored separately: the encrypted data key already names it, and
 * {@link #decrypt} always passes the configured key id to KMS, so an envelope made under another
 * KMS key is refused rather than decrypted under whatever key it names. Moving to another KMS key
 * therefore means re-encrypting; KMS's own yearly rotation of a key keeps its id and needs
 * nothing. Every length is checked against the bytes that remain and its maximum before anything
 * is allocated or KMS is called.
 *
 * <h2>Calls and failures</h2>
 *
 * <p>{@link #encrypt} makes exactly one KMS call ({@code GenerateDataKey}), {@link #decrypt}
 * exactly one ({@code Decrypt}), apart from the SDK's own retries. The plaintext data key is
 * zeroed after use. Failures are {@link GeneralSecurityException}s with short messages that never
 * contain key, nonce or ciphertext bytes: {@link KeyServiceUnavailableException} when KMS cannot
 * be reached in time, throttles, fails on its side or cannot use the key at the moment (disabled,
 * pending import, custom key store unreachable); a plain {@link GeneralSecurityException} when the
 * envelope is malformed or tampered with, the binding or key differs, or KMS refuses the request
 * (invalid ciphertext, incorrect key, access denied).
 *
 * <p>Immutable and thread-safe; share one instance per execution environment.
 */
public final class KmsEnvelopeCipher implements EnvelopeCipher {

  /** The only envelope format version this class reads and writes. */
  public static final byte VERSION = 1;

  /** Largest plaintext accepted by {@link #encrypt}, in bytes (64 KiB). */
  public static final int MAX_PLAINTEXT_BYTES = 64 * 1024;

  /** Largest encrypted data key accepted, in bytes: KMS's maximum CiphertextBlob size. */
  static final int MAX_ENCRYPTED_KEY_BYTES = 6144;

  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final int DATA_KEY_BYTES = 32;
  private static final int HEADER_BYTES = 1 + 2 + 1 + NONCE_BYTES + 4;

  /** Largest envelope {@link #decrypt} considers, in bytes. */
  public static final int MAX_ENVELOPE_BYTES =
      HEADER_BYTES + MAX_ENCRYPTED_KEY_BYTES + MAX_PLAINTEXT_BYTES + TAG_BYTES;

  /**
   * KMS error codes that say the key cannot be used right now, which is no statement about the
   * ciphertext; they are reported as {@link KeyServiceUnavailableException}.
   */
  private static final Set<String> UNAVAILABLE_CODES = Set.of(
      "DependencyTimeoutException",
      "KMSInternalException",
      "KMSInvalidStateException",
      "DisabledException",
      "KeyUnavailableException",
      "ThrottlingException",
      "CustomKeyStoreInvalidStateException",
      "XksProxyUriUnreachableException",
      "XksProxyInvalidResponseException");

  // Nonces only need to be unique per data key, and every envelope has its own data key, so even
  // a generator state duplicated by a SnapStart snapshot cannot cause a nonce reuse under one key.
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KmsClient kms;
  private final String keyId;

  /**
   * @param kms client used for every call; thread-safe and shared
   * @param keyId KMS key id, ARN or alias of a symmetric encryption key
   * @throws IllegalArgumentException if {@code keyId} is blank
   */
  public KmsEnvelopeCipher(KmsClient kms, String keyId) {
    this.kms = Objects.requireNonNull(kms, "kms");
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("keyId must not be blank");
    }
    this.keyId = keyId;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, EncryptionBinding binding)
      throws GeneralSecurityException {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(binding, "binding");
    if (plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw new IllegalArgumentException("plaintext is longer than " + MAX_PLAINTEXT_BYTES
          + " bytes");
    }
    GenerateDataKeyResponse response;
    try {
      response = kms.generateDataKey(b -> b.keyId(keyId)
          .keySpec(DataKeySpec.AES_256)
          .encryptionContext(binding.encryptionContext()));
    } catch (SdkException e) {
      throw translate(e, "generate a data key");
    }
    // The unsafe view is the response's own array, so zeroing it leaves no copy behind.
    byte[] dataKey = bytesOrEmpty(response.plaintext());
    try {
      byte[] encryptedKey = bytesOrEmpty(response.ciphertextBlob()).clone();
      if (dataKey.length != DATA_KEY_BYTES) {
        throw new GeneralSecurityException("KMS returned a data key of unexpected length");
      }
      if (encryptedKey.length == 0 || encryptedKey.length > MAX_ENCRYPTED_KEY_BYTES) {
        throw new GeneralSecurityException("KMS returned an encrypted data key of unexpected"
            + " length");
      }
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
          new GCMParameterSpec(TAG_BYTES * 8, nonce));
      gcm.updateAAD(binding.associatedData());
      byte[] sealed = gcm.doFinal(plaintext);

      ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + encryptedKey.length + sealed.length);
      out.put(VERSION);
      out.putShort((short) encryptedKey.length);
      out.put(encryptedKey);
      out.put((byte) NONCE_BYTES);
      out.put(nonce);
      out.putInt(sealed.length);
      out.put(sealed);
      return out.array();
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  @Override
  public byte[] decrypt(byte[] envelope, EncryptionBinding binding)
      throws GeneralSecurityException {
    Objects.requireNonNull(binding, "binding");
    Parsed parsed = parse(envelope);
    DecryptResponse response;
    try {
      response = kms.decrypt(b -> b.keyId(keyId)
          .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(parsed.encryptedKey))
          .encryptionContext(binding.encryptionContext()));
    } catch (SdkException e) {
      throw translate(e, "decrypt the data key");
    }
    byte[] dataKey = bytesOrEmpty(response.plaintext());
    try {
      if (dataKey.length != DATA_KEY_BYTES) {
        throw new GeneralSecurityException("KMS returned a data key of unexpected length");
      }
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
          new GCMParameterSpec(TAG_BYTES * 8, parsed.nonce));
      gcm.updateAAD(binding.associatedData());
      // The JCE GCM implementation buffers and checks the tag before releasing any plaintext.
      return gcm.doFinal(parsed.sealed);
    } catch (AEADBadTagException e) {
      throw new GeneralSecurityException("envelope authentication failed");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "KmsEnvelopeCipher[keyId=" + keyId + "]";
  }

  private record Parsed(byte[] encryptedKey, byte[] nonce, byte[] sealed) {}

  /** Splits an envelope, checking every length before allocating for it. */
  static Parsed parse(byte[] envelope) throws GeneralSecurityException {
    if (envelope == null || envelope.length == 0) {
      throw new GeneralSecurityException("envelope is empty");
    }
    if (envelope.length > MAX_ENVELOPE_BYTES) {
      throw new GeneralSecurityException("envelope is too long");
    }
    ByteBuffer in = ByteBuffer.wrap(envelope);
    if (in.get() != VERSION) {
      throw new GeneralSecurityException("unsupported envelope version");
    }
    int keyLength = readLength(in, 2, 1, MAX_ENCRYPTED_KEY_BYTES, "encrypted data key");
    byte[] encryptedKey = new byte[keyLength];
    in.get(encryptedKey);
    int nonceLength = readLength(in, 1, NONCE_BYTES, NONCE_BYTES, "nonce");
    byte[] nonce = new byte[nonceLength];
    in.get(nonce);
    int sealedLength =
        readLength(in, 4, TAG_BYTES, MAX_PLAINTEXT_BYTES + TAG_BYTES, "ciphertext");
    if (sealedLength != in.remaining()) {
      throw new GeneralSecurityException("envelope has trailing bytes");
    }
    byte[] sealed = new byte[sealedLength];
    in.get(sealed);
    return new Parsed(encryptedKey, nonce, sealed);
  }

  /**
   * Reads an unsigned big-endian length of {@code width} bytes and checks it lies in
   * [{@code min}, {@code max}] and fits in the bytes that follow it.
   */
  private static int readLength(ByteBuffer in, int width, int min, int max, String what)
      throws GeneralSecurityException {
    if (in.remaining() < width) {
      throw new GeneralSecurityException("envelope is truncated");
    }
    long value = switch (width) {
      case 1 -> in.get() & 0xFFL;
      case 2 -> in.getShort() & 0xFFFFL;
      case 4 -> in.getInt() & 0xFFFFFFFFL;
      default -> throw new AssertionError("no length field is " + width + " bytes wide");
    };
    if (value < min || value > max) {
      throw new GeneralSecurityException("envelope " + what + " length is invalid");
    }
    if (value > in.remaining()) {
      throw new GeneralSecurityException("envelope is truncated");
    }
    return (int) value;
  }

  private static byte[] bytesOrEmpty(SdkBytes bytes) {
    return bytes == null ? new byte[0] : bytes.asByteArrayUnsafe();
  }

  /**
   * Turns an SDK failure into a {@link GeneralSecurityException}: unavailable when trying again
   * later could succeed, a plain refusal otherwise. The SDK's message is kept only as the cause.
   */
  static GeneralSecurityException translate(SdkException e, String action) {
    if (isUnavailable(e)) {
      return new KeyServiceUnavailableException("KMS unavailable: could not " + action, e);
    }
    GeneralSecurityException refused =
        new GeneralSecurityException("KMS refused to " + action);
    refused.initCause(e);
    return refused;
  }

  /**
   * Whether a KMS failure says nothing about the request itself: no answer (network, time-out),
   * a 5xx, throttling, or a key that cannot be used at the moment.
   */
  static boolean isUnavailable(SdkException e) {
    if (!(e instanceof SdkServiceException service)) {
      // SdkClientException and its subclasses (ApiCallTimeoutException, ApiCallAttemptTimeout-
      // Exception, AbortedException): the request never got an answer.
      return true;
    }
    if (service.statusCode() >= 500 || service.isThrottlingException()) {
      return true;
    }
    if (service instanceof KmsException kmsException && kmsException.awsErrorDetails() != null) {
      String code = kmsException.awsErrorDetails().errorCode();
      return code != null && UNAVAILABLE_CODES.contains(code);
    }
    return false;
  }
}
