package dev.keyfob.local.contract;

import dev.keyfob.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response of the keyfob API as a test sees it: status, headers (case-insensitive
 * lookup) and the body, with JSON accessors.
 */
public record Reply(int status, Map<String, List<String>> headers, byte[] bytes) {

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  /** Every value of a header, by case-insensitive name. */
  public List<String> headerValues(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  public String body() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The body as a JSON object; fails the test if it is not one. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> json() {
    Object parsed;
    try {
      parsed = Json.parse(body());
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("body is not JSON: " + this, e);
    }
    if (!(parsed instanceof Map)) {
      throw new AssertionError("body is not a JSON object: " + this);
    }
    return (Map<String, Object>) parsed;
  }

  /** A string member of the JSON body, failing if it is missing or not a string. */
  public String string(String member) {
    Object v = json().get(member);
    if (!(v instanceof String s)) {
      throw new AssertionError(member + " is not a string in " + this);
    }
    return s;
  }

  /** The problem code, or null when the body has none. */
  public String code() {
    if (bytes.length == 0) {
      return null;
    }
    try {
      Object parsed = Json.parse(body());
      return parsed instanceof Map<?, ?> m && m.get("code") instanceof String s ? s : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    String text = body();
    return status + " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
  }

  /** Parses JSON text, for tests that build expectations. */
  public static Object parseJson(String text) {
    try {
      return Json.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
