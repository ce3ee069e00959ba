package dev.keyfob.totp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Builds the {@code otpauth://} key URI that authenticator apps import from a QR code, in the
 * form of the Google Authenticator "Key Uri Format":
 *
 * <pre>otpauth://totp/ISSUER:ACCOUNT?secret=SECRET&amp;issuer=ISSUER&amp;algorithm=SHA1&amp;digits=6&amp;period=30</pre>
 *
 * <p>Issuer and account are UTF-8 and percent-encoded per RFC 3986: every byte except the
 * unreserved characters {@code A-Z a-z 0-9 - . _ ~} becomes {@code %XX} (upper-case hex), so a
 * space is {@code %20} (never {@code +}, which apps would show literally) and a {@code ':'}
 * inside either part is {@code %3A} and cannot be mistaken for the issuer/account separator.
 * {@code '@'} stays literal in the label, where RFC 3986 allows it, so e-mail addresses remain
 * readable; in the query it is encoded like everything else. The parameters always appear in the
 * order above.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtpauthUri {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private OtpauthUri() {}

  /**
   * @param issuer who issues the code, for example {@code keyfob}; not blank
   * @param accountName the user's account, for example an e-mail address; not blank
   * @param base32Secret the secret as produced by {@link Base32#encode}: upper case, no padding
   * @return the key URI
   * @throws IllegalArgumentException if issuer or account is null or blank or not valid UTF-16,
   *     or the secret is not unpadded upper-case base32
   */
  public static String build(String issuer, String accountName, String base32Secret) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer must not be blank");
    }
    if (accountName == null || accountName.isBlank()) {
      throw new IllegalArgumentException("accountName must not be blank");
    }
    requireBase32(base32Secret);
    String encodedIssuer = encode(issuer, false);
    return "otpauth://totp/" + encode(issuer, true) + ':' + encode(accountName, true)
        + "?secret=" + base32Secret
        + "&issuer=" + encodedIssuer
        + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
  }

  private static void requireBase32(String secret) {
    // The secret goes into the URI unescaped; it must be exactly what Base32.encode writes.
    boolean valid = secret != null && !secret.isEmpty();
    for (int i = 0; valid && i < secret.length(); i++) {
      char c = secret.charAt(i);
      valid = (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
    }
    if (!valid) {
      throw new IllegalArgumentException("base32Secret must be unpadded upper-case base32");
    }
  }

  private static String encode(String text, boolean keepAt) {
    ByteBuffer bytes;
    try {
      // A strict encoder: String.getBytes would silently turn a lone surrogate into '?'.
      CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      bytes = utf8.encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("issuer and accountName must be valid Unicode text");
    }
    StringBuilder out = new StringBuilder(bytes.remaining() * 3);
    while (bytes.hasRemaining()) {
      int b = bytes.get() & 0xff;
      if (isUnreserved(b) || (keepAt && b == '@')) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >>> 4]).append(HEX[b & 0x0f]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
        || b == '-' || b == '.' || b == '_' || b == '~';
  }
}
