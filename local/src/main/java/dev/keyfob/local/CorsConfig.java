package dev.keyfob.local;

import java.util.List;
import java.util.Objects;

/**
 * The {@code CorsConfiguration} of the template's HTTP API, which API Gateway applies itself:
 * it answers preflight requests and adds CORS headers to responses. Immutable.
 *
 * <p>Lists hold only the plain strings of the template; entries written as intrinsics are left
 * out (see {@link #originsFromTemplate}).
 *
 * @param allowOrigins allowed origins, {@code *} for any
 * @param originsFromTemplate false when {@code AllowOrigins} was an intrinsic (for example a
 *     parameter), in which case the local API uses {@code KEYFOB_CORS_ALLOWED_ORIGINS}
 * @param allowMethods allowed methods, {@code *} for any
 * @param allowHeaders allowed request headers, {@code *} for any
 * @param exposeHeaders response headers a browser may read
 * @param maxAgeSeconds how long a browser may cache a preflight answer; 0 to leave it out
 * @param allowCredentials whether credentials (cookies, Authorization) may be sent
 */
public record CorsConfig(
    List<String> allowOrigins,
    boolean originsFromTemplate,
    List<String> allowMethods,
    List<String> allowHeaders,
    List<String> exposeHeaders,
    int maxAgeSeconds,
    boolean allowCredentials) {

  public CorsConfig {
    allowOrigins = List.copyOf(Objects.requireNonNull(allowOrigins, "allowOrigins"));
    allowMethods = List.copyOf(Objects.requireNonNull(allowMethods, "allowMethods"));
    allowHeaders = List.copyOf(Objects.requireNonNull(allowHeaders, "allowHeaders"));
    exposeHeaders = List.copyOf(Objects.requireNonNull(exposeHeaders, "exposeHeaders"));
  }

  /** What {@code CorsConfiguration: true} means: any origin, method and header. */
  public static CorsConfig allowAll() {
    return new CorsConfig(List.of("*"), true, List.of("*"), List.of("*"), List.of(), 0, false);
  }

  /** A copy with other origins, e.g. from {@code KEYFOB_CORS_ALLOWED_ORIGINS}. */
  public CorsConfig withOrigins(List<String> origins) {
    return new CorsConfig(origins, originsFromTemplate, allowMethods, allowHeaders, exposeHeaders,
        maxAgeSeconds, allowCredentials);
  }
}
