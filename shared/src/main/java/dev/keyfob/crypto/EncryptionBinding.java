package dev.keyfob.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a ciphertext is bound to: a purpose such as {@code "totp-secret"} and a subject such as a
 * user id. A ciphertext made under one binding decrypts only under an equal binding, so a value
 * copied onto another user's record, or used for another purpose, fails to decrypt.
 *
 * <p>The binding reaches both layers of the envelope: {@link #encryptionContext()} is the KMS
 * encryption context of the data key, and {@link #associatedData()} is the AES-GCM associated
 * data of the payload.
 *
 * <p>Immutable and thread-safe.
 *
 * @param purpose what the ciphertext is for, e.g. {@code "totp-secret"} or {@code
 *     "mfa-signing-key"}; not blank, at most {@value #MAX_LENGTH} characters
 * @param subject whom or what it belongs to, e.g. a user id or a signing key id; not blank, at
 *     most {@value #MAX_LENGTH} characters
 */
public record EncryptionBinding(String purpose, String subject) {

  /** Longest purpose or subject, in characters (KMS caps an encryption context at 8 KiB). */
  public static final int MAX_LENGTH = 1024;

  /** KMS encryption context key holding {@link #purpose()}. */
  public static final String CONTEXT_PURPOSE = "keyfob:purpose";

  /** KMS encryption context key holding {@link #subject()}. */
  public static final String CONTEXT_SUBJECT = "keyfob:subject";

  /** First byte of {@link #associatedData()}; changes if the encoding ever does. */
  static final byte ASSOCIATED_DATA_VERSION = 1;

  /**
   * @throws IllegalArgumentException if either part is null, blank or longer than {@value
   *     #MAX_LENGTH} characters
   */
  public EncryptionBinding {
    requireText(purpose, "purpose");
    requireText(subject, "subject");
  }

  /** The KMS encryption context: {@code {"keyfob:purpose": purpose, "keyfob:subject": subject}}. */
  public Map<String, String> encryptionContext() {
    return Map.of(CONTEXT_PURPOSE, purpose, CONTEXT_SUBJECT, subject);
  }

  /**
   * The AES-GCM associated data: a version byte, then for purpose and subject in that order a
   * 4-byte big-endian length followed by that many UTF-8 bytes. Length prefixes make the
   * encoding unambiguous: ({@code "ab"}, {@code "c"}) and ({@code "a"}, {@code "bc"}) differ.
   *
   * @return a new array on every call
   */
  public byte[] associatedData() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ASSOCIATED_DATA_VERSION);
    writeField(out, purpose);
    writeField(out, subject);
    return out.toByteArray();
  }

  private static void writeField(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >>> 24);
    out.write(bytes.length >>> 16);
    out.write(bytes.length >>> 8);
    out.write(bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_LENGTH + " characters");
    }
  }
}
