package dev.keyfob.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as the local API received it, before it becomes a Lambda event.
 *
 * <p>Immutable (the body array is not copied; callers do not change it).
 *
 * @param method upper-case method
 * @param rawPath path as sent, percent-encoding intact, starting with {@code /}
 * @param rawQuery query string as sent without {@code ?}; empty when there is none
 * @param headers header values by lower-case name, in the order received
 * @param body the request body, empty when there is none
 * @param sourceIp the client's address
 * @param port the local port the request arrived on
 */
public record LocalRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    String sourceIp,
    int port) {

  public LocalRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    rawQuery = rawQuery == null ? "" : rawQuery;
    Map<String, List<String>> lower = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      lower.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(e.getValue());
    }
    headers = lower;
    body = body == null ? new byte[0] : body;
    sourceIp = sourceIp == null ? "127.0.0.1" : sourceIp;
  }

  /** The first value of a header, by case-insensitive name, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
