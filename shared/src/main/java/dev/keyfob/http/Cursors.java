package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opaque page cursors: base64url of a small versioned text naming the key of the last item
 * returned. A cursor that does not decode to something this listing could have produced is a
 * 400, not a 500.
 */
final class Cursors {

  /** Cursors of the members listing. */
  static final String MEMBERS = "m";
  /** Cursors of the audit-event listing. */
  static final String AUDIT = "a";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@:+#-]{1,200}");

  private Cursors() {}

  /** The cursor for the page after the item with {@code lastKey}; null when there is none. */
  static String encode(String kind, String lastKey) {
    return lastKey == null ? null : Base64.getUrlEncoder().withoutPadding()
        .encodeToString((kind + "1|" + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  /** The key carried by {@code cursor}, or empty for none; 400 if it is not valid. */
  static Optional<String> decode(String kind, String cursor) {
    if (cursor == null) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String prefix = kind + "1|";
      if (text.startsWith(prefix) && SAFE.matcher(text.substring(prefix.length())).matches()) {
        return Optional.of(text.substring(prefix.length()));
      }
    } catch (IllegalArgumentException notBase64) {
      // fall through to the problem below
    }
    throw new ProblemException(ProblemType.INVALID_REQUEST,
        "The cursor is not valid; pass the nextCursor of the previous page unchanged.");
  }
}
