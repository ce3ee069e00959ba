package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.keyfob.config.KeyfobSettings;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {

  @Test
  void defaultsPointAtTheLocalApiOnItsPort() {
    KeyfobSettings s = KeyfobSettings.fromEnvironment(
        LocalSettings.environment(4321, Map.of(), Map.of()));
    assertEquals("keyfob-local", s.tableName());
    assertEquals("alias/keyfob-local", s.kmsKeyId());
    assertEquals("http://localhost:4321/dev", s.idpIssuer());
    assertEquals("keyfob-local", s.idpAudience());
    assertEquals(URI.create("http://localhost:4321/dev/jwks.json"), s.idpJwksUrl());
    assertEquals("http://localhost:4321", s.mfaIssuer());
    assertEquals("keyfob-local-app", s.mfaAudience());
  }

  @Test
  void processKeyfobVariablesOverrideDefaultsAndOverridesWinOverBoth() {
    Map<String, String> process = Map.of(
        "KEYFOB_TABLE_NAME", "from-process",
        "KEYFOB_MFA_AUDIENCE", "process-app",
        "PATH", "/usr/bin");
    Map<String, String> overrides = new HashMap<>();
    overrides.put("KEYFOB_TABLE_NAME", "from-builder");
    Map<String, String> env = LocalSettings.environment(1, process, overrides);
    assertEquals("from-builder", env.get("KEYFOB_TABLE_NAME"));
    assertEquals("process-app", env.get("KEYFOB_MFA_AUDIENCE"));
    assertFalse(env.containsKey("PATH"), "only KEYFOB_* variables are taken from the process");
  }

  @Test
  void nullOverrideRemovesASetting() {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("KEYFOB_ISSUER_NAME", null);
    Map<String, String> env = LocalSettings.environment(1,
        Map.of("KEYFOB_ISSUER_NAME", "Acme"), overrides);
    assertFalse(env.containsKey("KEYFOB_ISSUER_NAME"));
  }
}
