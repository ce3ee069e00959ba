package dev.keyfob.local.contract;

import dev.keyfob.testkit.webauthn.CredentialJson;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Security keys and passkeys over the API, the way a browser drives them: the software
 * authenticator answers the options keyfob sends, from the local API's own origin.
 */
public final class SecurityKeys {

  private SecurityKeys() {}

  /** The origin a browser on the local API's pages reports. */
  public static String origin(Api api) {
    return "http://localhost:" + api.port();
  }

  /** Registers {@code key} for the token's user; fails the test unless keyfob accepts it. */
  @SuppressWarnings("unchecked")
  public static Reply register(Api api, String token, SoftwareAuthenticator key, String name) {
    Reply started = api.post("/v1/me/two-factor/webauthn/registrations", token, "{}");
    if (started.status() != 201) {
      throw new AssertionError("registration start failed: " + started);
    }
    Map<String, Object> options = (Map<String, Object>) started.json().get("publicKey");
    String rpId = (String) ((Map<String, Object>) options.get("rp")).get("id");
    CredentialJson credential = key.makeCredential(bytes(options.get("challenge")), rpId,
        origin(api)).build();
    Reply confirmed = api.post("/v1/me/two-factor/webauthn/registrations/confirm", token,
        Map.of("registrationId", started.string("registrationId"),
            "credential", credential.asMap(), "name", name));
    if (confirmed.status() != 200) {
      throw new AssertionError("registration confirm failed: " + confirmed);
    }
    return confirmed;
  }

  /** Starts an assertion and answers it with {@code key}, with {@code extra} body members. */
  @SuppressWarnings("unchecked")
  public static Reply signIn(Api api, String idToken, SoftwareAuthenticator key,
      Map<String, ?> extra) {
    Reply started = api.post("/v1/me/two-factor/webauthn/assertions", idToken, "{}");
    if (started.status() != 201) {
      throw new AssertionError("assertion start failed: " + started);
    }
    Map<String, Object> options = (Map<String, Object>) started.json().get("publicKey");
    CredentialJson credential = key.getAssertion(bytes(options.get("challenge")),
        (String) options.get("rpId"), origin(api)).build();
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("assertionId", started.string("assertionId"));
    body.put("credential", credential.asMap());
    return api.post("/v1/me/two-factor/webauthn/assertions/verify", idToken, body);
  }

  private static byte[] bytes(Object base64url) {
    return Base64.getUrlDecoder().decode((String) base64url);
  }
}
