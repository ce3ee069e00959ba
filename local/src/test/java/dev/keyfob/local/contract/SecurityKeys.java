package dev.keyfob.local.contract;

import dev.keyfob.testkit.webauthn.CredentialJson;
import dev.keyfob.testkit.webauthn.GetAssertion;
import dev.keyfob.testkit.webauthn.MakeCredential;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Security keys and passkeys over the API, the way a browser drives them: the software
 * authenticator answers the options keyfob sends, from the local API's own origin. Each step can
 * be tampered with, so a test can get each of keyfob's checks to fail on its own.
 */
public final class SecurityKeys {

  private SecurityKeys() {}

  /** A started registration or assertion: its id and what the authenticator must sign. */
  public record Started(String id, byte[] challenge, String rpId) {}

  /** The origin a browser on the local API's pages reports. */
  public static String origin(Api api) {
    return "http://localhost:" + api.port();
  }

  /** Starts a registration, which must succeed. */
  @SuppressWarnings("unchecked")
  public static Started startRegistration(Api api, String token) {
    Reply started = api.post("/v1/me/two-factor/webauthn/registrations", token, "{}");
    if (started.status() != 201) {
      throw new AssertionError("registration start failed: " + started);
    }
    Map<String, Object> options = (Map<String, Object>) started.json().get("publicKey");
    String rpId = (String) ((Map<String, Object>) options.get("rp")).get("id");
    return new Started(started.string("registrationId"), bytes(options.get("challenge")), rpId);
  }

  /** The authenticator's answer to a registration, changed by {@code tamper}. */
  public static CredentialJson made(Api api, Started s, SoftwareAuthenticator key,
      UnaryOperator<MakeCredential> tamper) {
    return tamper.apply(key.makeCredential(s.challenge(), s.rpId(), origin(api))).build();
  }

  /** Confirms a registration with this answer; whatever keyfob answers. */
  public static Reply confirm(Api api, String token, Started s, Object credential) {
    return api.post("/v1/me/two-factor/webauthn/registrations/confirm", token,
        Map.of("registrationId", s.id(), "credential", credential));
  }

  /** Registers {@code key} for the token's user; fails the test unless keyfob accepts it. */
  public static Reply register(Api api, String token, SoftwareAuthenticator key, String name) {
    Started s = startRegistration(api, token);
    Reply confirmed = api.post("/v1/me/two-factor/webauthn/registrations/confirm", token,
        Map.of("registrationId", s.id(), "credential",
            made(api, s, key, UnaryOperator.identity()).asMap(), "name", name));
    if (confirmed.status() != 200) {
      throw new AssertionError("registration confirm failed: " + confirmed);
    }
    return confirmed;
  }

  /** Starts an assertion, which must succeed. */
  @SuppressWarnings("unchecked")
  public static Started startAssertion(Api api, String idToken) {
    Reply started = api.post("/v1/me/two-factor/webauthn/assertions", idToken, "{}");
    if (started.status() != 201) {
      throw new AssertionError("assertion start failed: " + started);
    }
    Map<String, Object> options = (Map<String, Object>) started.json().get("publicKey");
    return new Started(started.string("assertionId"), bytes(options.get("challenge")),
        (String) options.get("rpId"));
  }

  /** The authenticator's answer to an assertion, changed by {@code tamper}. */
  public static CredentialJson signed(Api api, Started s, SoftwareAuthenticator key,
      UnaryOperator<GetAssertion> tamper) {
    return tamper.apply(key.getAssertion(s.challenge(), s.rpId(), origin(api))).build();
  }

  /** Verifies an assertion with this answer and {@code extra} body members. */
  public static Reply verify(Api api, String idToken, Started s, Object credential,
      Map<String, ?> extra) {
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("assertionId", s.id());
    body.put("credential", credential);
    return api.post("/v1/me/two-factor/webauthn/assertions/verify", idToken, body);
  }

  /** Starts an assertion and answers it with {@code key}, with {@code extra} body members. */
  public static Reply signIn(Api api, String idToken, SoftwareAuthenticator key,
      Map<String, ?> extra) {
    Started s = startAssertion(api, idToken);
    return verify(api, idToken, s, signed(api, s, key, UnaryOperator.identity()).asMap(), extra);
  }

  /** Base64url without padding, as WebAuthn's JSON forms use. */
  public static String base64url(byte[] data) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
  }

  private static byte[] bytes(Object base64url) {
    return Base64.getUrlDecoder().decode((String) base64url);
  }
}
