package dev.keyfob.http;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.CallerResolver;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.service.Services;
import dev.keyfob.service.WebAuthnService;
import dev.keyfob.token.Principal;
import dev.keyfob.webauthn.WebAuthnCeremony;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The routes of security keys and passkeys, served by their own function so that the WebAuthn
 * library is loaded nowhere else. Each checks in the contract's order: token (401, a stale MFA
 * token included even when the body is bad: see CallerResolver#readRequest), body shape and
 * identifiers (400; a {@code credential} that is not a JSON object with string {@code id} and
 * {@code type} and an object {@code response} uses nothing up), then the caller's state, read in
 * one call together with the credential the request names, and the rules of the route.
 */
final class WebAuthnEndpoints {

  /** A credential id in a path or a body: base64url without padding, up to 1023 bytes. */
  private static final Pattern CREDENTIAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,1364}");

  private final Services services;

  WebAuthnEndpoints(Services services) {
    this.services = services;
  }

  Map<Route, Endpoint> all() {
    Map<Route, Endpoint> m = new EnumMap<>(Route.class);
    m.put(Route.START_REGISTRATION, r -> {
      Caller c = callers().resolve(r.header("authorization"));
      JsonBody.parse(r.body(), true);
      return json(201, WebAuthnJson.registration(webauthn().startRegistration(c)));
    });
    m.put(Route.CONFIRM_REGISTRATION, r -> {
      Principal p = callers().authenticate(r.header("authorization"));
      Confirmation in = callers().readRequest(p, () -> {
        JsonBody body = JsonBody.parse(r.body(), false);
        return new Confirmation(body.requiredText("registrationId", 1, 128), credential(body),
            body.optionalText("name", 1, 64));
      });
      Caller c = callers().load(p, idOf(in.credential()));
      return json(200, WebAuthnJson.registered(webauthn().confirmRegistration(c,
          in.registrationId(), in.credential(), in.name())));
    });
    m.put(Route.LIST_CREDENTIALS, r -> {
      Caller c = callers().resolve(r.header("authorization"));
      return json(200, WebAuthnJson.credentials(webauthn().credentials(c)));
    });
    m.put(Route.RENAME_CREDENTIAL, r -> {
      Principal p = callers().authenticate(r.header("authorization"));
      byte[] id = callers().readRequest(p, () -> pathCredentialId(r));
      String name = callers().readRequest(p,
          () -> JsonBody.parse(r.body(), false).requiredText("name", 1, 64));
      Caller c = callers().load(p, id);
      return json(200, WebAuthnJson.credential(webauthn().rename(c, name)));
    });
    m.put(Route.REMOVE_CREDENTIAL, r -> {
      Principal p = callers().authenticate(r.header("authorization"));
      Caller c = callers().load(p, callers().readRequest(p, () -> pathCredentialId(r)));
      return json(200, Views.token(webauthn().remove(c)));
    });
    m.put(Route.START_ASSERTION, r -> {
      Caller c = callers().resolve(r.header("authorization"));
      JsonBody.parse(r.body(), true);
      return json(201, WebAuthnJson.assertion(webauthn().startAssertion(c)));
    });
    m.put(Route.VERIFY_ASSERTION, r -> {
      Principal p = callers().authenticate(r.header("authorization"));
      Assertion in = callers().readRequest(p, () -> {
        JsonBody body = JsonBody.parse(r.body(), false);
        return new Assertion(body.requiredText("assertionId", 1, 128), credential(body),
            body.optionalBoolean("rememberDevice"));
      });
      Caller c = callers().load(p, idOf(in.credential()));
      return json(200, Views.verified(webauthn().verifyAssertion(c, in.assertionId(),
          in.credential(), in.rememberDevice())));
    });
    return m;
  }

  /** A registration confirm's body. */
  private record Confirmation(String registrationId, Object credential, String name) {}

  /** An assertion verify's body. */
  private record Assertion(String assertionId, Object credential, boolean rememberDevice) {}

  private CallerResolver callers() {
    return services.callers();
  }

  private WebAuthnService webauthn() {
    return services.webauthn();
  }

  /** The {@code credential} member, which must have the shape of a public-key credential. */
  private static Object credential(JsonBody body) {
    Object credential = body.member("credential");
    if (!WebAuthnCeremony.hasCredentialShape(credential)) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "credential must be the JSON of"
          + " the browser's PublicKeyCredential: an object with string id and type and an"
          + " object response.");
    }
    return credential;
  }

  /**
   * The presented credential's raw id, to read it with the caller; null when it does not decode
   * (the checks then fail on it as malformed).
   */
  private static byte[] idOf(Object credential) {
    return decode((String) ((Map<?, ?>) credential).get("id"));
  }

  private static byte[] pathCredentialId(ApiRequest r) {
    byte[] id = decode(r.pathParameters().get("credentialId"));
    if (id == null) {
      throw new ProblemException(ProblemType.INVALID_REQUEST,
          "credentialId must be a credential id in base64url without padding.");
    }
    return id;
  }

  private static byte[] decode(String base64url) {
    if (base64url == null || !CREDENTIAL_ID.matcher(base64url).matches()) {
      return null;
    }
    try {
      byte[] id = Base64.getUrlDecoder().decode(base64url);
      return id.length == 0 ? null : id;
    } catch (IllegalArgumentException notBase64url) {
      return null;
    }
  }

  private static ApiResponse json(int status, Map<String, Object> body) {
    return ApiResponse.json(status, Json.write(body));
  }
}
