package dev.keyfob.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route of the HTTP contract. {@code template.yaml}, {@code docs/openapi.yaml} and the
 * handlers are checked against this list by tests, so they cannot drift apart.
 */
public enum Route {
  GET_STATUS("GET", "/v1/me/two-factor"),
  START_ENROLLMENT("POST", "/v1/me/two-factor/enrollment"),
  CONFIRM_ENROLLMENT("POST", "/v1/me/two-factor/enrollment/confirm"),
  VERIFY("POST", "/v1/me/two-factor/verify"),
  RECOVER("POST", "/v1/me/two-factor/recover"),
  REGENERATE_RECOVERY_CODES("POST", "/v1/me/two-factor/recovery-codes"),
  REMOVE_TWO_FACTOR("DELETE", "/v1/me/two-factor"),
  REMOVE_TOTP("DELETE", "/v1/me/two-factor/totp"),
  DEVICE_SIGN_IN("POST", "/v1/me/two-factor/device"),
  FORGET_DEVICES("DELETE", "/v1/me/two-factor/devices"),
  START_REGISTRATION("POST", "/v1/me/two-factor/webauthn/registrations"),
  CONFIRM_REGISTRATION("POST", "/v1/me/two-factor/webauthn/registrations/confirm"),
  LIST_CREDENTIALS("GET", "/v1/me/two-factor/webauthn/credentials"),
  RENAME_CREDENTIAL("PATCH", "/v1/me/two-factor/webauthn/credentials/{credentialId}"),
  REMOVE_CREDENTIAL("DELETE", "/v1/me/two-factor/webauthn/credentials/{credentialId}"),
  START_ASSERTION("POST", "/v1/me/two-factor/webauthn/assertions"),
  VERIFY_ASSERTION("POST", "/v1/me/two-factor/webauthn/assertions/verify"),
  GET_ORG_SECURITY("GET", "/v1/orgs/{orgId}/security"),
  SET_ORG_TWO_FACTOR("PUT", "/v1/orgs/{orgId}/security/two-factor"),
  SET_ORG_SSO("PUT", "/v1/orgs/{orgId}/security/sso"),
  LIST_MEMBERS("GET", "/v1/orgs/{orgId}/members"),
  REMOVE_MEMBER("DELETE", "/v1/orgs/{orgId}/members/{userId}"),
  ADMIN_RESETS("POST", "/v1/orgs/{orgId}/two-factor/resets"),
  SUPPORT_RESET("POST", "/v1/support/two-factor/resets"),
  LIST_AUDIT_EVENTS("GET", "/v1/orgs/{orgId}/audit-events"),
  JWKS("GET", "/.well-known/jwks.json");

  private static final Map<String, Route> BY_KEY = new LinkedHashMap<>();

  static {
    for (Route r : values()) {
      BY_KEY.put(r.routeKey(), r);
    }
  }

  private final String method;
  private final String pathTemplate;
  private final String[] segments;

  Route(String method, String pathTemplate) {
    this.method = method;
    this.pathTemplate = pathTemplate;
    this.segments = pathTemplate.substring(1).split("/");
  }

  public String method() {
    return method;
  }

  public String pathTemplate() {
    return pathTemplate;
  }

  /** API Gateway's route key, e.g. {@code GET /v1/me/two-factor}. */
  public String routeKey() {
    return method + " " + pathTemplate;
  }

  public static Optional<Route> byRouteKey(String routeKey) {
    return Optional.ofNullable(BY_KEY.get(routeKey));
  }

  /** The path parameters if {@code path} fits this route's template, else empty. */
  public Optional<Map<String, String>> matchPath(String path) {
    if (path == null || !path.startsWith("/")) {
      return Optional.empty();
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String s = segments[i];
      if (s.startsWith("{") && s.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(s.substring(1, s.length() - 1), parts[i]);
      } else if (!s.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  /** The methods of every route whose template fits {@code path}, for 405 and {@code Allow}. */
  public static List<String> methodsFor(String path) {
    List<String> methods = new ArrayList<>();
    for (Route r : values()) {
      if (r.matchPath(path).isPresent() && !methods.contains(r.method)) {
        methods.add(r.method);
      }
    }
    return methods;
  }

  /** The route for a method and path, as API Gateway would pick it. */
  public static Optional<Route> match(String method, String path) {
    for (Route r : values()) {
      if (r.method.equals(method) && r.matchPath(path).isPresent()) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
