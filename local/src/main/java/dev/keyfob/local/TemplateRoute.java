package dev.keyfob.local;

import java.util.Locale;
import java.util.Objects;

/**
 * One API Gateway HTTP API route of a function: a method and a path template such as
 * {@code GET /v1/orgs/{orgId}/security}, or the {@code $default} route.
 *
 * <p>Immutable. Methods are upper case; {@code ANY} matches every method.
 *
 * @param method upper-case HTTP method or {@code ANY}; {@code ANY} for the default route
 * @param path path template starting with {@code /}, or {@code $default}
 * @param functionId logical id of the function in {@code template.yaml} that serves the route
 */
public record TemplateRoute(String method, String path, String functionId) {

  /** The route key API Gateway uses for its catch-all route. */
  public static final String DEFAULT_KEY = "$default";

  /** The method that matches every method. */
  public static final String ANY = "ANY";

  public TemplateRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(functionId, "functionId");
    method = method.toUpperCase(Locale.ROOT);
    if (!path.equals(DEFAULT_KEY) && !path.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with / or be $default: " + path);
    }
  }

  /** The catch-all route served by {@code functionId}. */
  public static TemplateRoute defaultRoute(String functionId) {
    return new TemplateRoute(ANY, DEFAULT_KEY, functionId);
  }

  /** Whether this is the {@code $default} route. */
  public boolean isDefault() {
    return path.equals(DEFAULT_KEY);
  }

  /** {@code "GET /v1/me/two-factor"} or {@code "$default"}, as in {@code routeKey} of events. */
  public String routeKey() {
    return isDefault() ? DEFAULT_KEY : method + " " + path;
  }
}
