package dev.keyfob.webauthn.webauthn4j;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.testkit.webauthn.CredentialJson;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/** Shared relying-party settings and helpers for the ceremony tests. */
final class Fixtures {
  static final String RP_ID = "example.com";
  static final String ORIGIN = "https://app.example.com";
  static final String OTHER_ALLOWED_ORIGIN = "https://example.com";
  static final WebAuthnSettings SETTINGS =
      new WebAuthnSettings(List.of(ORIGIN, OTHER_ALLOWED_ORIGIN), RP_ID, "keyfob");
  static final WebAuthnCeremony CEREMONIES = new Webauthn4jCeremony(SETTINGS);

  private static final SecureRandom RANDOM = new SecureRandom();

  private Fixtures() {}

  static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static byte[] challenge() {
    return random(32);
  }

  /** The credential as keyfob's handler sees it: parsed from the request body by jackson-jr. */
  static Map<String, Object> parsed(CredentialJson credential) {
    try {
      return JSON.std.mapFrom(credential.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
