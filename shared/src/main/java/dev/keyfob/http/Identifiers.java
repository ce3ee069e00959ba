package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.util.regex.Pattern;

/** The contract's identifier rule: 1-128 characters of {@code [A-Za-z0-9._@:+-]}. */
public final class Identifiers {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@:+-]{1,128}");

  private Identifiers() {}

  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * A path segment with percent-escapes undone once (a client may send {@code a%40b} for
   * {@code a@b}); '+' stays '+'. Malformed escapes are left as they are and fail validation.
   */
  public static String fromPath(String segment) {
    if (segment == null || segment.indexOf('%') < 0) {
      return segment;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()
          && hex(segment.charAt(i + 1)) >= 0 && hex(segment.charAt(i + 2)) >= 0) {
        bytes.write(hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return segment;
      }
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Returns {@code id}, or throws 400 naming the field (never echoing the value). */
  public static String require(String id, String field) {
    if (!valid(id)) {
      throw new ProblemException(ProblemType.INVALID_REQUEST,
          field + " must be 1-128 characters of letters, digits and . _ @ : + -");
    }
    return id;
  }
}
