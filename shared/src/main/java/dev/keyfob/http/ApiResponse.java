package dev.keyfob.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: status, headers and a text body (JSON or empty).
 */
public record ApiResponse(int status, Map<String, String> headers, String body) {

  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public static ApiResponse json(int status, String json) {
    return new ApiResponse(status, Map.of("Content-Type", "application/json"), json);
  }

  public static ApiResponse empty(int status) {
    return new ApiResponse(status, Map.of(), "");
  }

  /** A copy with more headers, which win over existing ones of the same name. */
  public ApiResponse withHeaders(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(more);
    return new ApiResponse(status, all, body);
  }

  @Override
  public String toString() {
    return "ApiResponse[" + status + "]";
  }
}
