package dev.keyfob.http;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as keyfob's routes see it, free of Lambda types: API Gateway events (in the
 * functions module) and tests both become one of these.
 *
 * @param routeKey API Gateway's route key, e.g. {@code POST /v1/me/two-factor/verify}, or
 *     {@code $default} for a request no route matched
 * @param headers names lower-cased
 * @param body the decoded body text, or null when there is none
 * @param requestId correlates the log line, metrics and problem responses
 */
public record ApiRequest(
    String method,
    String path,
    String routeKey,
    Map<String, String> pathParameters,
    Map<String, String> queryParameters,
    Map<String, String> headers,
    String body,
    String requestId) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    routeKey = routeKey == null ? "$default" : routeKey;
    pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
    queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
    headers = headers == null ? Map.of() : lowerCase(headers);
    requestId = requestId == null ? "unknown" : requestId;
  }

  /** A header value by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  private static Map<String, String> lowerCase(Map<String, String> headers) {
    java.util.HashMap<String, String> copy = new java.util.HashMap<>();
    headers.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.put(k.toLowerCase(Locale.ROOT), v);
      }
    });
    return Map.copyOf(copy);
  }

  /** Never prints the body or headers, which may carry codes and tokens. */
  @Override
  public String toString() {
    return "ApiRequest[" + method + " " + path + ", requestId=" + requestId + "]";
  }
}
