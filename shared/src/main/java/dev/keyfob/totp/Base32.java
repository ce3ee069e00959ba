package dev.keyfob.totp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Base32 with the standard alphabet of RFC 4648 section 6 ({@code A-Z 2-7}), the encoding
 * authenticator apps expect for TOTP secrets.
 *
 * <p>{@link #encode} writes upper case without {@code '='} padding, as otpauth URIs want it.
 * {@link #decode} is strict in everything but case and padding: it accepts upper or lower case
 * and either no padding or exactly the padding RFC 4648 prescribes, and rejects every other input
 * (foreign characters, whitespace, lengths no encoder can produce, non-zero bits after the last
 * whole byte), so that each byte string has exactly one accepted spelling per case and padding.
 *
 * <p>Stateless and thread-safe. Error messages never contain the input, which may be a secret.
 */
public final class Base32 {

  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  /** Symbol value by ASCII code, -1 where the character is not a symbol. */
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = (byte) i;
      VALUES[Character.toLowerCase(ALPHABET[i])] = (byte) i;
    }
  }

  private Base32() {}

  /**
   * Encodes bytes as unpadded upper-case base32.
   *
   * @param data any bytes, possibly empty
   * @return {@code ceil(8 * data.length / 5)} characters from {@code A-Z2-7}
   */
  public static String encode(byte[] data) {
    Objects.requireNonNull(data, "data");
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(ALPHABET[(buffer >>> bits) & 0x1f]);
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
    }
    return out.toString();
  }

  /**
   * Decodes base32 in either case, with or without the RFC 4648 padding.
   *
   * @param text base32 text; when padded, the total length is a multiple of 8
   * @return the decoded bytes
   * @throws IllegalArgumentException if {@code text} is not base32 as described above
   */
  public static byte[] decode(String text) {
    Objects.requireNonNull(text, "text");
    int length = text.length();
    while (length > 0 && text.charAt(length - 1) == '=') {
      length--;
    }
    int padding = text.length() - length;
    int partial = length % 8;
    // Unpadded lengths an encoder can produce end in 0, 2, 4, 5 or 7 symbols of the last group.
    if (partial == 1 || partial == 3 || partial == 6) {
      throw new IllegalArgumentException("base32 text has an impossible length");
    }
    if (padding != 0 && padding != (8 - partial) % 8) {
      throw new IllegalArgumentException("base32 text has wrong padding");
    }
    byte[] out = new byte[length * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int written = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      int value = c < 128 ? VALUES[c] : -1;
      if (value < 0) {
        throw new IllegalArgumentException("base32 text contains a character outside the alphabet");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[written++] = (byte) (buffer >>> bits);
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("base32 text has non-zero bits after the last byte");
    }
    return out;
  }
}
