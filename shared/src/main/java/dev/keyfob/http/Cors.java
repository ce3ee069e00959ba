package dev.keyfob.http;

import java.util.List;
import java.util.Map;

/**
 * CORS response headers for allowed origins. API Gateway answers preflights from the template's
 * CorsConfiguration; this adds the headers to actual responses for the same origins, so the
 * local API and a deployment behave alike. An origin not on the list gets no CORS headers.
 */
public final class Cors {

  private final List<String> allowedOrigins;

  public Cors(List<String> allowedOrigins) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
  }

  Map<String, String> headersFor(String origin) {
    if (origin == null || !(allowedOrigins.contains(origin) || allowedOrigins.contains("*"))) {
      return Map.of();
    }
    return Map.of(
        "Access-Control-Allow-Origin", origin,
        "Access-Control-Expose-Headers", "Retry-After, X-Request-Id",
        "Vary", "Origin");
  }
}
