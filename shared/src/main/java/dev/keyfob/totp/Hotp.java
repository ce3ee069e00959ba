package dev.keyfob.totp;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-based one-time passwords, RFC 4226, with the SHA-256 and SHA-512 variants RFC 6238 adds.
 *
 * <p>A generator is fixed to one HMAC algorithm ({@code HmacSHA1}, {@code HmacSHA256} or
 * {@code HmacSHA512}) and one code length of 6 to 8 decimal digits. The counter is the 8-byte
 * big-endian moving factor of RFC 4226; any {@code long} is accepted and used as its two's
 * complement bit pattern.
 *
 * <p>Immutable and thread-safe: each call uses its own {@link Mac}.
 */
public final class Hotp {

  private static final Set<String> ALGORITHMS = Set.of("HmacSHA1", "HmacSHA256", "HmacSHA512");
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000,
      10_000_000, 100_000_000};

  private final String algorithm;
  private final int digits;

  /**
   * @param hmacAlgorithm {@code "HmacSHA1"}, {@code "HmacSHA256"} or {@code "HmacSHA512"}
   * @param digits code length, 6 to 8
   * @throws IllegalArgumentException if either argument is outside those values
   */
  public Hotp(String hmacAlgorithm, int digits) {
    if (hmacAlgorithm == null || !ALGORITHMS.contains(hmacAlgorithm)) {
      throw new IllegalArgumentException(
          "hmacAlgorithm must be HmacSHA1, HmacSHA256 or HmacSHA512");
    }
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("digits must be 6, 7 or 8");
    }
    this.algorithm = hmacAlgorithm;
    this.digits = digits;
    newMac(); // fail at construction, not at the first sign-in, on a crippled JRE
  }

  /** @return the HMAC algorithm, as given to the constructor */
  public String algorithm() {
    return algorithm;
  }

  /** @return the code length in decimal digits, 6 to 8 */
  public int digits() {
    return digits;
  }

  /**
   * Computes the one-time password for a counter value.
   *
   * @param key the shared secret, at least one byte
   * @param counter the moving factor
   * @return exactly {@link #digits()} ASCII decimal digits, zero-padded on the left
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public String generate(byte[] key, long counter) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    Mac mac = newMac();
    try {
      mac.init(new SecretKeySpec(key, algorithm));
    } catch (InvalidKeyException e) {
      throw new AssertionError("HMAC accepts keys of any non-zero length", e);
    }
    byte[] hash = mac.doFinal(toBytes(counter));
    // Dynamic truncation, RFC 4226 section 5.3.
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = (hash[offset] & 0x7f) << 24
        | (hash[offset + 1] & 0xff) << 16
        | (hash[offset + 2] & 0xff) << 8
        | (hash[offset + 3] & 0xff);
    int code = binary % POWERS_OF_TEN[digits];
    String text = Integer.toString(code);
    return "0".repeat(digits - text.length()) + text;
  }

  private Mac newMac() {
    try {
      return Mac.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("the JDK's SunJCE provider supplies " + algorithm, e);
    }
  }

  private static byte[] toBytes(long counter) {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) counter;
      counter >>>= 8;
    }
    return bytes;
  }
}
