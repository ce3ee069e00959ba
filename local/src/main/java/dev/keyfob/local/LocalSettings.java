package dev.keyfob.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code KEYFOB_*} environment of the local API, in three layers, later ones winning:
 * local-mode defaults (table {@code keyfob-local}, key {@code alias/keyfob-local}, the dev
 * identity provider on this port as issuer and JWKS, {@code http://localhost:<port>} as MFA
 * issuer and as the one WebAuthn origin, with RP ID {@code localhost}), then the process
 * environment's {@code KEYFOB_*} variables, then explicit overrides.
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalSettings {

  /** Default table name in local mode. */
  public static final String TABLE_NAME = "keyfob-local";

  /** Default KMS key (an alias the local API creates when missing). */
  public static final String KMS_KEY_ALIAS = "alias/keyfob-local";

  /** Default {@code aud} of dev identity-provider tokens. */
  public static final String IDP_AUDIENCE = "keyfob-local";

  /** Default {@code aud} of MFA tokens. */
  public static final String MFA_AUDIENCE = "keyfob-local-app";

  private LocalSettings() {}

  /** The local-mode defaults for an API on {@code port}. */
  public static Map<String, String> defaults(int port) {
    String base = "http://localhost:" + port;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KEYFOB_TABLE_NAME", TABLE_NAME);
    env.put("KEYFOB_KMS_KEY_ID", KMS_KEY_ALIAS);
    env.put("KEYFOB_IDP_ISSUER", base + "/dev");
    env.put("KEYFOB_IDP_AUDIENCE", IDP_AUDIENCE);
    env.put("KEYFOB_IDP_JWKS_URL", base + DevIdentityProvider.JWKS_PATH);
    env.put("KEYFOB_ISSUER", base);
    env.put("KEYFOB_MFA_AUDIENCE", MFA_AUDIENCE);
    env.put("KEYFOB_WEBAUTHN_ORIGINS", base);
    env.put("KEYFOB_WEBAUTHN_RP_ID", "localhost");
    return env;
  }

  /**
   * The merged environment.
   *
   * @param port the port the local API listens on
   * @param processEnv typically {@link System#getenv()}; only its {@code KEYFOB_*} entries count
   * @param overrides explicit values, e.g. from {@code LocalApiServer.Builder#environment}
   */
  public static Map<String, String> environment(int port, Map<String, String> processEnv,
      Map<String, String> overrides) {
    Map<String, String> env = defaults(port);
    processEnv.forEach((k, v) -> {
      if (k.startsWith("KEYFOB_") && v != null) {
        env.put(k, v);
      }
    });
    overrides.forEach((k, v) -> {
      if (v == null) {
        env.remove(k);
      } else {
        env.put(k, v);
      }
    });
    return env;
  }
}
