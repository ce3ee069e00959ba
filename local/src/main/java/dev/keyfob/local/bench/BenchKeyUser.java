package dev.keyfob.local.bench;

import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user whose one method is a security key, registered through the API the way a browser does
 * it: the software authenticator of the test kit answers the options keyfob sends, from the
 * page origin the API allows. It can then answer any number of assertions. Not thread-safe.
 */
final class BenchKeyUser {

  static final String REGISTRATIONS = "/v1/me/two-factor/webauthn/registrations";
  static final String ASSERTIONS = "/v1/me/two-factor/webauthn/assertions";
  static final String VERIFY_PATH = "/v1/me/two-factor/webauthn/assertions/verify";

  final String userId;
  /** The password sign-in token the key was registered with. */
  final String token;
  private final SoftwareAuthenticator key;
  private final String origin;

  private BenchKeyUser(String userId, String token, SoftwareAuthenticator key, String origin) {
    this.userId = userId;
    this.token = token;
    this.key = key;
    this.origin = origin;
  }

  /**
   * Registers a new security key for {@code userId}, or on a 503 for a fresh user named after it
   * (the first attempt may have half happened), up to three tries.
   */
  static BenchKeyUser register(BenchClient client, String userId, String origin)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return registerOnce(client, attempt == 1 ? userId : userId + "-try" + attempt, origin);
      } catch (BenchClient.Unavailable e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static BenchKeyUser registerOnce(BenchClient client, String userId, String origin)
      throws Exception {
    String token = client.devToken(userId);
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    Map<String, Object> started = client.post(REGISTRATIONS, token, Map.of());
    Map<String, Object> options = (Map<String, Object>) started.get("publicKey");
    String rpId = (String) ((Map<String, Object>) options.get("rp")).get("id");
    Map<String, Object> credential = key.makeCredential(bytes(options.get("challenge")), rpId,
        origin).build().asMap();
    client.post(REGISTRATIONS + "/confirm", token, Map.of(
        "registrationId", started.get("registrationId"), "credential", credential,
        "name", "bench key"));
    return new BenchKeyUser(userId, token, key, origin);
  }

  /**
   * Starts an assertion through the API with {@code token} and returns the verify request's body:
   * the assertion id and the key's signed answer. A 503 is an {@link BenchClient.Unavailable};
   * nothing was used up then but a challenge, so the caller may simply start another.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> signedAssertion(BenchClient client, String token) throws Exception {
    Map<String, Object> started = client.post(ASSERTIONS, token, Map.of());
    Map<String, Object> options = (Map<String, Object>) started.get("publicKey");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("assertionId", started.get("assertionId"));
    body.put("credential", key.getAssertion(bytes(options.get("challenge")),
        (String) options.get("rpId"), origin).build().asMap());
    return body;
  }

  private static byte[] bytes(Object base64url) {
    return Base64.getUrlDecoder().decode((String) base64url);
  }
}
