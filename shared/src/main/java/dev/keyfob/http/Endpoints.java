package dev.keyfob.http;

import dev.keyfob.policy.Caller;
import dev.keyfob.service.RememberedDevices;
import dev.keyfob.service.Services;
import dev.keyfob.token.Principal;
import java.util.EnumMap;
import java.util.Map;

/**
 * The endpoints of every route, grouped the way the deployment splits them into functions.
 * Each endpoint checks in the contract's order: token (401, in {@link Caller} resolution), body
 * shape and identifiers (400), then hands over to a service, which checks who may call (403)
 * and the route's rules.
 */
public final class Endpoints {

  private final Services services;

  /** @param services the use cases every endpoint hands over to */
  public Endpoints(Services services) {
    this.services = services;
  }

  /** Status, enrollment and personal settings. */
  public Map<Route, Endpoint> personal() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.put(Route.GET_STATUS, r -> ok(Views.status(services().status().status(caller(r)))));
    m.put(Route.START_ENROLLMENT, r -> {
      Caller c = caller(r);
      JsonBody.parse(r.body(), true);
      return json(201, Views.enrollment(services().enrollment().start(c)));
    });
    m.put(Route.CONFIRM_ENROLLMENT, r -> {
      Caller c = caller(r);
      JsonBody body = JsonBody.parse(r.body(), false);
      String enrollmentId = body.requiredText("enrollmentId", 1, 128);
      String code = body.requiredString("code");
      return ok(Views.confirmed(services().enrollment().confirm(c, enrollmentId, code)));
    });
    m.put(Route.REGENERATE_RECOVERY_CODES, r -> {
      Caller c = caller(r);
      JsonBody.parse(r.body(), true);
      return ok(Views.recoveryCodes(services().personalSettings().regenerateRecoveryCodes(c)));
    });
    m.put(Route.REMOVE_TWO_FACTOR, r -> {
      Caller c = caller(r);
      services().personalSettings().removeTwoFactor(c);
      return ApiResponse.empty(204);
    });
    m.put(Route.REMOVE_TOTP, r -> {
      Caller c = caller(r);
      return ok(Views.token(services().personalSettings().removeTotp(c)));
    });
    m.put(Route.FORGET_DEVICES, r -> {
      Caller c = caller(r);
      services().devices().forgetAll(c);
      return ApiResponse.empty(204);
    });
    return m;
  }

  /** Security keys and passkeys: registration, credentials, assertions. */
  public Map<Route, Endpoint> webauthn() {
    return new WebAuthnEndpoints(services).all();
  }

  /** The second factor at sign-in. */
  public Map<Route, Endpoint> verification() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.put(Route.VERIFY, r -> {
      Caller c = caller(r);
      JsonBody body = JsonBody.parse(r.body(), false);
      String code = body.requiredString("code");
      boolean remember = body.optionalBoolean("rememberDevice");
      return ok(Views.verified(services().verification().verify(c, code, remember)));
    });
    m.put(Route.RECOVER, r -> {
      Caller c = caller(r);
      JsonBody body = JsonBody.parse(r.body(), false);
      String code = body.requiredString("recoveryCode");
      boolean remember = body.optionalBoolean("rememberDevice");
      return ok(Views.recovered(services().verification().recover(c, code, remember)));
    });
    m.put(Route.DEVICE_SIGN_IN, r -> {
      Principal principal = services().callers().authenticate(r.header("authorization"));
      String token = services().callers().readRequest(principal,
          () -> JsonBody.parse(r.body(), false).requiredString("deviceToken"));
      Caller c = services().callers().loadWithDevice(principal,
          RememberedDevices.lookupHash(token));
      return ok(Views.token(services().devices().signIn(c)));
    });
    return m;
  }

  /** Organisation settings, Access Security. */
  public Map<Route, Endpoint> orgSecurity() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.put(Route.GET_ORG_SECURITY, r -> {
      Caller c = caller(r);
      return ok(Views.orgSecurity(services().orgSecurity().get(c, orgId(r))));
    });
    m.put(Route.SET_ORG_TWO_FACTOR, r -> {
      Caller c = caller(r);
      String orgId = orgId(r);
      JsonBody body = JsonBody.parse(r.body(), false);
      boolean enabled = body.requiredBoolean("enabled");
      Integer grace = body.optionalInt("gracePeriodDays", 0, 30);
      Integer remember = body.optionalInt("rememberDeviceDays", 0, 30);
      return ok(Views.orgSecurity(services().orgSecurity().setTwoFactor(c, orgId, enabled,
          grace, remember)));
    });
    m.put(Route.SET_ORG_SSO, r -> {
      Caller c = caller(r);
      String orgId = orgId(r);
      boolean enabled = JsonBody.parse(r.body(), false).requiredBoolean("enabled");
      return ok(Views.orgSecurity(services().orgSecurity().setSso(c, orgId, enabled)));
    });
    return m;
  }

  /** The 2FA tab: members, resets and the audit trail; and support resets. */
  public Map<Route, Endpoint> admin() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.put(Route.LIST_MEMBERS, r -> {
      Caller c = caller(r);
      String orgId = orgId(r);
      PageRequest page = PageRequest.of(r, Cursors.MEMBERS);
      return ok(Views.members(services().members().list(c, orgId, page.limit(),
          page.after())));
    });
    m.put(Route.REMOVE_MEMBER, r -> {
      Caller c = caller(r);
      String orgId = orgId(r);
      String userId = pathIdentifier(r, "userId");
      services().members().remove(c, orgId, userId);
      return ApiResponse.empty(204);
    });
    m.put(Route.ADMIN_RESETS, r -> {
      Caller c = caller(r);
      String orgId = orgId(r);
      JsonBody body = JsonBody.parse(r.body(), false);
      var userIds = body.requiredIdentifiers("userIds", 1, 100);
      String reason = body.requiredText("reason", 1, 500);
      return ok(Views.resets(services().resets().adminReset(c, orgId, userIds, reason)));
    });
    m.put(Route.SUPPORT_RESET, r -> {
      Caller c = caller(r);
      JsonBody body = JsonBody.parse(r.body(), false);
      String userId = Identifiers.require(body.requiredString("userId"), "userId");
      String ticket = body.requiredText("ticket", 1, 128);
      String reason = body.requiredText("reason", 1, 500);
      return ok(Views.reset(services().resets().supportReset(c, userId, ticket, reason)));
    });
    m.put(Route.LIST_AUDIT_EVENTS, r -> {
      Caller c = caller(r);
      String orgId = orgId(r);
      PageRequest page = PageRequest.of(r, Cursors.AUDIT);
      return ok(Views.auditEvents(services().audit().list(c, orgId, page.limit(),
          page.after())));
    });
    return m;
  }

  /** The public keys of MFA tokens; no token needed. */
  public Map<Route, Endpoint> publicKeys() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.put(Route.JWKS, r -> ApiResponse.json(200, services().jwks().jwksJson()));
    return m;
  }

  /** Every route, for the local API and tests. */
  public Map<Route, Endpoint> all() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.putAll(personal());
    m.putAll(verification());
    m.putAll(orgSecurity());
    m.putAll(admin());
    m.putAll(webauthn());
    m.putAll(publicKeys());
    return m;
  }

  private Services services() {
    return services;
  }

  private Caller caller(ApiRequest r) {
    return services.callers().resolve(r.header("authorization"));
  }

  private static String orgId(ApiRequest r) {
    return pathIdentifier(r, "orgId");
  }

  private static String pathIdentifier(ApiRequest r, String name) {
    return Identifiers.require(Identifiers.fromPath(r.pathParameters().get(name)), name);
  }

  private static ApiResponse ok(Map<String, Object> body) {
    return json(200, body);
  }

  private static ApiResponse json(int status, Map<String, Object> body) {
    return ApiResponse.json(status, Json.write(body));
  }
}
