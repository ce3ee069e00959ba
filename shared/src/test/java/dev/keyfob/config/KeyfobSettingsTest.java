package dev.keyfob.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reading and checking of {@code KEYFOB_JWKS_CACHE_SECONDS}. */
class KeyfobSettingsTest {

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("KEYFOB_TABLE_NAME", "keyfob");
    env.put("KEYFOB_KMS_KEY_ID", "alias/keyfob");
    env.put("KEYFOB_IDP_ISSUER", "https://idp.example");
    env.put("KEYFOB_IDP_AUDIENCE", "app");
    env.put("KEYFOB_IDP_JWKS_URL", "https://idp.example/jwks.json");
    env.put("KEYFOB_ISSUER", "https://keyfob.example");
    env.put("KEYFOB_MFA_AUDIENCE", "app-mfa");
    return env;
  }

  @Test
  void theJwksIsCachedForSixtySecondsUnlessTheSettingsSayLess() {
    assertEquals(Duration.ofSeconds(60), KeyfobSettings.fromEnvironment(required()).jwksCacheTtl());
    Map<String, String> env = required();
    env.put("KEYFOB_JWKS_CACHE_SECONDS", "5");
    assertEquals(Duration.ofSeconds(5), KeyfobSettings.fromEnvironment(env).jwksCacheTtl());
    assertEquals(Duration.ofSeconds(5), KeyfobSettings.fromEnvironment(env)
        .withStorage("other", "alias/other").jwksCacheTtl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "61", "3600", "soon"})
  void aJwksCacheOfNoTimeOrOverAMinuteIsRefusedByName(String value) {
    Map<String, String> env = required();
    env.put("KEYFOB_JWKS_CACHE_SECONDS", value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KeyfobSettings.fromEnvironment(env));
    assertEquals(value.equals("soon") ? "KEYFOB_JWKS_CACHE_SECONDS must be a whole number"
        : Integer.parseInt(value) <= 0
            ? "KEYFOB_JWKS_CACHE_SECONDS must be a positive number of seconds"
            : "KEYFOB_JWKS_CACHE_SECONDS must be at most 60", e.getMessage());
  }
}
