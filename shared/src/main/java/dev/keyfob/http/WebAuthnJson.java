package dev.keyfob.http;

import dev.keyfob.service.WebAuthnViews.AssertionStarted;
import dev.keyfob.service.WebAuthnViews.CredentialDescriptor;
import dev.keyfob.service.WebAuthnViews.CredentialView;
import dev.keyfob.service.WebAuthnViews.RegistrationConfirmed;
import dev.keyfob.service.WebAuthnViews.RegistrationStarted;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebAuthn routes' bodies, in the WebAuthn Level 3 JSON forms
 * ({@code PublicKeyCredentialCreationOptionsJSON}, {@code PublicKeyCredentialRequestOptionsJSON}):
 * binary values as base64url without padding, so a browser can pass them to
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON}.
 */
final class WebAuthnJson {

  /** How long the browser gives the user, in milliseconds (as long as the challenge lives). */
  private static final long TIMEOUT_MILLIS = 300_000;

  private WebAuthnJson() {}

  static Map<String, Object> registration(RegistrationStarted r) {
    Map<String, Object> rp = new LinkedHashMap<>();
    rp.put("id", r.rpId());
    rp.put("name", r.rpName());
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", base64url(r.userHandle()));
    user.put("name", r.userName());
    user.put("displayName", r.userName());
    List<Map<String, Object>> params = new ArrayList<>();
    for (long alg : r.algorithms()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("type", "public-key");
      p.put("alg", alg);
      params.add(p);
    }
    Map<String, Object> selection = new LinkedHashMap<>();
    selection.put("residentKey", "preferred");
    selection.put("requireResidentKey", false);
    selection.put("userVerification", "preferred");
    Map<String, Object> publicKey = new LinkedHashMap<>();
    publicKey.put("rp", rp);
    publicKey.put("user", user);
    publicKey.put("challenge", base64url(r.challenge()));
    publicKey.put("pubKeyCredParams", params);
    publicKey.put("timeout", TIMEOUT_MILLIS);
    publicKey.put("excludeCredentials", descriptors(r.exclude()));
    publicKey.put("authenticatorSelection", selection);
    publicKey.put("attestation", "none");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("registrationId", r.registrationId());
    m.put("expiresAt", Json.time(r.expiresAt()));
    m.put("publicKey", publicKey);
    return m;
  }

  static Map<String, Object> registered(RegistrationConfirmed r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("credential", credential(r.credential()));
    m.put("recoveryCodes", r.recoveryCodes());
    m.putAll(Views.token(r.mfaToken()));
    return m;
  }

  static Map<String, Object> credentials(List<CredentialView> views) {
    List<Map<String, Object>> rows = new ArrayList<>();
    views.forEach(v -> rows.add(credential(v)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("credentials", rows);
    return m;
  }

  static Map<String, Object> credential(CredentialView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("credentialId", v.credentialId());
    m.put("name", v.name());
    m.put("createdAt", Json.time(v.createdAt()));
    m.put("lastUsedAt", Json.time(v.lastUsedAt()));
    m.put("backupEligible", v.backupEligible());
    m.put("backedUp", v.backedUp());
    m.put("transports", v.transports());
    return m;
  }

  static Map<String, Object> assertion(AssertionStarted a) {
    Map<String, Object> publicKey = new LinkedHashMap<>();
    publicKey.put("challenge", base64url(a.challenge()));
    publicKey.put("rpId", a.rpId());
    publicKey.put("allowCredentials", descriptors(a.allow()));
    publicKey.put("userVerification", "preferred");
    publicKey.put("timeout", TIMEOUT_MILLIS);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assertionId", a.assertionId());
    m.put("expiresAt", Json.time(a.expiresAt()));
    m.put("publicKey", publicKey);
    return m;
  }

  private static List<Map<String, Object>> descriptors(List<CredentialDescriptor> refs) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CredentialDescriptor ref : refs) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", "public-key");
      d.put("id", base64url(ref.id()));
      d.put("transports", ref.transports());
      list.add(d);
    }
    return list;
  }

  private static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
