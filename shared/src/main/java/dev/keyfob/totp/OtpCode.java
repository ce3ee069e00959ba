package dev.keyfob.totp;

import java.util.Optional;

/**
 * Parses what a user typed as a TOTP code.
 *
 * <p>The contract's rule: a code is exactly six ASCII digits after ASCII spaces (U+0020) are
 * removed; anything else is a wrong code. Other whitespace and non-ASCII digits (full-width,
 * Arabic-Indic, ...) are deliberately not accepted, which is why this class checks character
 * ranges itself instead of using {@link Character#isDigit} or {@link Integer#parseInt}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtpCode {

  /** Digits in a code. */
  public static final int LENGTH = 6;

  private OtpCode() {}

  /**
   * @param raw user input, may be {@code null}
   * @return the six ASCII digits without spaces, or empty if {@code raw} is not a code
   */
  public static Optional<String> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    char[] digits = new char[LENGTH];
    int count = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9' || count == LENGTH) {
        return Optional.empty();
      }
      digits[count++] = c;
    }
    return count == LENGTH ? Optional.of(new String(digits)) : Optional.empty();
  }
}
