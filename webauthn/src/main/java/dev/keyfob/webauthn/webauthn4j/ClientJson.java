package dev.keyfob.webauthn.webauthn4j;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads members of a credential's JSON form as jackson-jr (or any JSON parser) maps it: objects
 * are {@code Map<String, ?>}, arrays {@code List<?>}, strings {@code String}. Every deviation is
 * a {@link Malformed}, never an unchecked exception.
 */
final class ClientJson {
  private static final int MAX_TRANSPORTS = 8;
  private static final int MAX_TOKEN_LENGTH = 32;

  private ClientJson() {}

  /** A member is missing or has the wrong JSON type or encoding. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String member) {
      // No stack trace: this is an expected outcome of client input, not a fault.
      super("malformed member: " + member, null, false, false);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String member) throws Malformed {
    if (!(value instanceof Map)) {
      throw new Malformed(member);
    }
    for (Object key : ((Map<?, ?>) value).keySet()) {
      if (!(key instanceof String)) {
        throw new Malformed(member);
      }
    }
    return (Map<String, Object>) value;
  }

  static String string(Map<String, Object> object, String member) throws Malformed {
    if (!(object.get(member) instanceof String value)) {
      throw new Malformed(member);
    }
    return value;
  }

  /** A required base64url member (unpadded, as the Level 3 JSON forms are), non-empty. */
  static byte[] base64url(Map<String, Object> object, String member) throws Malformed {
    byte[] bytes = decode(string(object, member), member);
    if (bytes.length == 0) {
      throw new Malformed(member);
    }
    return bytes;
  }

  /** An optional base64url member: absent or JSON null gives {@code null}. */
  static byte[] optionalBase64url(Map<String, Object> object, String member) throws Malformed {
    Object value = object.get(member);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new Malformed(member);
    }
    return decode(text, member);
  }

  /** An optional array of short lower-case tokens such as transports; absent: empty. */
  static List<String> optionalTokens(Map<String, Object> object, String member)
      throws Malformed {
    Object value = object.get(member);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items) || items.size() > MAX_TRANSPORTS) {
      throw new Malformed(member);
    }
    List<String> tokens = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String token) || !isToken(token)) {
        throw new Malformed(member);
      }
      if (!tokens.contains(token)) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  private static boolean isToken(String text) {
    if (text.isEmpty() || text.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static byte[] decode(String text, String member) throws Malformed {
    // The JDK decoder also takes '=' padding; the JSON forms never pad, so refuse it here
    // rather than accept two spellings of one credential id.
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!alphabet) {
        throw new Malformed(member);
      }
    }
    if (text.length() % 4 == 1) {
      throw new Malformed(member);
    }
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new Malformed(member);
    }
  }
}
