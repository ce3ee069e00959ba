package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.http.Route;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/** Shared bits of the functions tests. */
final class HandlerFixture {

  private HandlerFixture() {}

  /** An app that is never called: building handlers costs no AWS call. */
  static KeyfobApp app() {
    KeyfobSettings settings = KeyfobSettings.fromEnvironment(Map.of(
        "KEYFOB_TABLE_NAME", "unused",
        "KEYFOB_KMS_KEY_ID", "unused",
        "KEYFOB_IDP_ISSUER", "https://idp.example",
        "KEYFOB_IDP_AUDIENCE", "app",
        "KEYFOB_IDP_JWKS_URL", "https://idp.example/jwks.json",
        "KEYFOB_ISSUER", "https://keyfob.example",
        "KEYFOB_MFA_AUDIENCE", "host",
        "KEYFOB_WEBAUTHN_ORIGINS", "https://app.example"));
    return new KeyfobApp(settings, AwsClients.builder().region(Region.US_EAST_1).build(),
        Clock.systemUTC());
  }

  /** {@code events/<route-in-kebab-case>.json}. */
  static String eventFileName(Route route) {
    return route.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
  }
}
