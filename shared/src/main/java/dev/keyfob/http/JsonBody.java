package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request body parsed as a JSON object, with typed accessors that answer 400
 * {@code INVALID_REQUEST} naming the field and what it must be. Unknown fields are ignored.
 * Messages never repeat the values sent, which may be codes.
 */
public final class JsonBody {

  private final Map<String, Object> fields;

  private JsonBody(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** Parses a body that must be a JSON object; none or blank means {@code {}} if allowed. */
  @SuppressWarnings("unchecked")
  public static JsonBody parse(String body, boolean emptyAllowed) {
    if (body == null || body.isBlank()) {
      if (emptyAllowed) {
        return new JsonBody(Map.of());
      }
      throw invalid("A JSON object body is required.");
    }
    Object parsed;
    try {
      parsed = Json.parse(body);
    } catch (IOException | RuntimeException e) {
      throw invalid("The body is not valid JSON.");
    }
    if (!(parsed instanceof Map)) {
      throw invalid("The body must be a JSON object.");
    }
    return new JsonBody((Map<String, Object>) parsed);
  }

  /** The member as parsed (a map, a list, a string, a number, a boolean) or null. */
  public Object member(String name) {
    return fields.get(name);
  }

  /** An optional string of {@code min}..{@code max} characters; absent or null gives null. */
  public String optionalText(String name, int min, int max) {
    return fields.get(name) == null ? null : requiredText(name, min, max);
  }

  /** An optional boolean; absent or null gives {@code false}. */
  public boolean optionalBoolean(String name) {
    Object v = fields.get(name);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw invalid(name + " must be true or false.");
    }
    return b;
  }

  public String requiredString(String name) {
    Object v = fields.get(name);
    if (!(v instanceof String s)) {
      throw invalid(name + " is required and must be a string.");
    }
    return s;
  }

  /**
   * A required string of {@code min}..{@code max} characters (Unicode code points). It must be
   * valid Unicode: a JSON escape can spell a lone surrogate (U+D800 with no partner), which no
   * UTF-8 store or log can hold.
   */
  public String requiredText(String name, int min, int max) {
    String s = requiredString(name);
    if (!wellFormed(s)) {
      throw invalid(name + " must be valid Unicode text.");
    }
    int length = s.codePointCount(0, s.length());
    if (length < min || length > max) {
      throw invalid(name + " must be " + min + "-" + max + " characters.");
    }
    return s;
  }

  /** Whether every surrogate in {@code s} is half of a pair. */
  static boolean wellFormed(String s) {
    // UTF-8 cannot encode a lone surrogate, so the encoder says whether every one is paired.
    return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  public boolean requiredBoolean(String name) {
    Object v = fields.get(name);
    if (!(v instanceof Boolean b)) {
      throw invalid(name + " is required and must be true or false.");
    }
    return b;
  }

  /** An optional whole number in {@code [min, max]}; absent or null gives {@code fallback}. */
  public int optionalInt(String name, int min, int max, int fallback) {
    Integer n = optionalInt(name, min, max);
    return n == null ? fallback : n;
  }

  /** An optional whole number in {@code [min, max]}; absent or null gives null. */
  public Integer optionalInt(String name, int min, int max) {
    Object v = fields.get(name);
    if (v == null) {
      return null;
    }
    Long n = wholeNumber(v);
    if (n == null || n < min || n > max) {
      throw invalid(name + " must be a whole number from " + min + " to " + max + ".");
    }
    return n.intValue();
  }

  /** A required array of {@code min}..{@code max} valid identifiers. */
  public List<String> requiredIdentifiers(String name, int min, int max) {
    Object v = fields.get(name);
    if (!(v instanceof List<?> list)) {
      throw invalid(name + " is required and must be an array of user ids.");
    }
    if (list.size() < min || list.size() > max) {
      throw invalid(name + " must hold " + min + "-" + max + " user ids.");
    }
    List<String> ids = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s) || !Identifiers.valid(s)) {
        throw invalid(name + " must hold user ids of 1-128 characters of letters, digits and"
            + " . _ @ : + -");
      }
      ids.add(s);
    }
    return ids;
  }

  private static Long wholeNumber(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 63) {
      return b.longValue();
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException notWhole) {
        return null;
      }
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d.longValue();
    }
    return null;
  }

  static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail);
  }
}
