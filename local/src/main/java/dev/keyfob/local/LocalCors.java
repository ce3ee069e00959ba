package dev.keyfob.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Applies a {@link CorsConfig} the way API Gateway does for an HTTP API with CORS configured:
 * it answers every preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) itself with 204, and on other responses replaces any
 * CORS headers of the function with its own when the {@code Origin} is allowed.
 *
 * <p>Immutable and thread-safe.
 */
final class LocalCors {

  private final CorsConfig config;

  LocalCors(CorsConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Whether API Gateway would answer this request itself as a CORS preflight. */
  static boolean isPreflight(LocalRequest request) {
    return request.method().equals("OPTIONS") && request.header("origin") != null
        && request.header("access-control-request-method") != null;
  }

  /** The 204 answer to a preflight; without CORS headers if origin or method is not allowed. */
  LocalResponse preflight(LocalRequest request) {
    LocalResponse response = LocalResponse.empty(204);
    String origin = request.header("origin");
    String method = request.header("access-control-request-method").trim()
        .toUpperCase(Locale.ROOT);
    if (!originAllowed(origin) || !(contains(config.allowMethods(), "*")
        || config.allowMethods().stream().anyMatch(m -> m.equalsIgnoreCase(method)))) {
      return response;
    }
    response = response.withHeader("Access-Control-Allow-Origin", allowOriginValue(origin));
    response = response.withHeader("Access-Control-Allow-Methods",
        contains(config.allowMethods(), "*") ? method : String.join(",", config.allowMethods()));
    String requested = request.header("access-control-request-headers");
    if (contains(config.allowHeaders(), "*") && requested != null) {
      response = response.withHeader("Access-Control-Allow-Headers", requested);
    } else if (!config.allowHeaders().isEmpty()) {
      response = response.withHeader("Access-Control-Allow-Headers",
          String.join(",", config.allowHeaders()));
    }
    if (config.maxAgeSeconds() > 0) {
      response = response.withHeader("Access-Control-Max-Age",
          Integer.toString(config.maxAgeSeconds()));
    }
    if (config.allowCredentials()) {
      response = response.withHeader("Access-Control-Allow-Credentials", "true");
    }
    return response.withHeader("Vary", "Origin");
  }

  /** {@code response} with this API's CORS headers instead of the function's. */
  LocalResponse decorate(LocalRequest request, LocalResponse response) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    response.headers().forEach((k, v) -> {
      if (!k.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
        headers.put(k, v);
      }
    });
    LocalResponse result = new LocalResponse(response.status(), headers, response.body());
    String origin = request.header("origin");
    if (origin == null || !originAllowed(origin)) {
      return result;
    }
    result = result.withHeader("Access-Control-Allow-Origin", allowOriginValue(origin));
    if (config.allowCredentials()) {
      result = result.withHeader("Access-Control-Allow-Credentials", "true");
    }
    if (!config.exposeHeaders().isEmpty()) {
      result = result.withHeader("Access-Control-Expose-Headers",
          String.join(",", config.exposeHeaders()));
    }
    return result.withHeader("Vary", "Origin");
  }

  private boolean originAllowed(String origin) {
    return contains(config.allowOrigins(), "*")
        || config.allowOrigins().stream().anyMatch(o -> o.equalsIgnoreCase(origin));
  }

  private String allowOriginValue(String origin) {
    return contains(config.allowOrigins(), "*") && !config.allowCredentials() ? "*" : origin;
  }

  private static boolean contains(List<String> list, String value) {
    return list.contains(value);
  }
}
