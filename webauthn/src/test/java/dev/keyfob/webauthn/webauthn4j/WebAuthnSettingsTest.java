package dev.keyfob.webauthn.webauthn4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.testkit.webauthn.CoseAlgorithm;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebAuthnSettingsTest {
  @Test
  void rpIdDefaultsToTheFirstOriginsHost() {
    WebAuthnSettings settings = WebAuthnSettings.of(
        List.of("https://example.com", "https://app.example.com"), null, "Acme");
    assertEquals(List.of("https://example.com", "https://app.example.com"), settings.origins());
    assertEquals("example.com", settings.rpId());
    assertEquals("Acme", settings.rpName());
  }

  @Test
  void defaultRpIdMustCoverEveryOrigin() {
    assertThrows(IllegalArgumentException.class, () -> WebAuthnSettings.of(
        List.of("https://app.example.com", "https://admin.example.com"), null, "Acme"));
  }

  @Test
  void localApiDefaultsAreHttpLocalhost() {
    WebAuthnSettings settings = WebAuthnSettings.of(List.of("http://localhost:8787"),
        "localhost", "keyfob");
    assertEquals("localhost", settings.rpId());
    assertEquals(List.of("http://localhost:8787"), settings.origins());
  }

  @Test
  void anExplicitRpIdWinsAndOriginsAreNormalized() {
    WebAuthnSettings settings = WebAuthnSettings.of(List.of("https://APP.Example.com/"),
        "example.com", "Example");
    assertEquals(List.of("https://app.example.com"), settings.origins());
    assertEquals("example.com", settings.rpId());
    assertEquals("Example", settings.rpName());
  }

  @Test
  void settingsFromTheEnvironmentReachTheRelyingParty() {
    KeyfobSettings env = KeyfobSettings.fromEnvironment(Map.of(
        "KEYFOB_TABLE_NAME", "t", "KEYFOB_KMS_KEY_ID", "k", "KEYFOB_IDP_ISSUER", "i",
        "KEYFOB_IDP_AUDIENCE", "a", "KEYFOB_IDP_JWKS_URL", "https://idp.example/jwks",
        "KEYFOB_ISSUER", "https://keyfob.example", "KEYFOB_MFA_AUDIENCE", "m",
        "KEYFOB_ISSUER_NAME", "Acme",
        "KEYFOB_WEBAUTHN_ORIGINS", "https://example.com, https://app.example.com"));
    WebAuthnSettings settings = WebAuthnSettings.of(env.webauthnOrigins(), env.webauthnRpId(),
        env.webauthnRpName());
    assertEquals("example.com", settings.rpId());
    assertEquals("Acme", settings.rpName(), "the RP name defaults to the issuer name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://app.example.com", "https://app.example.com/login",
      "https://app.example.com?x=1", "ftp://app.example.com", "app.example.com",
      "https://other.test"})
  void originThatIsNotASecureOriginUnderTheRpIdIsRefused(String origin) {
    assertThrows(IllegalArgumentException.class,
        () -> new WebAuthnSettings(List.of(origin), "example.com", "x"));
  }

  @Test
  void missingOriginsOrNameAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> WebAuthnSettings.of(List.of(), null, "keyfob"));
    assertThrows(IllegalArgumentException.class,
        () -> WebAuthnSettings.of(List.of("https://example.com"), null, " "));
  }

  @Test
  void credentialShapeRuleOfTheContract() {
    assertTrue(WebAuthnCeremony.hasCredentialShape(
        Map.of("id", "x", "type", "public-key", "response", Map.of())));
    assertFalse(WebAuthnCeremony.hasCredentialShape(
        Map.of("id", 1, "type", "public-key", "response", Map.of())));
    assertFalse(WebAuthnCeremony.hasCredentialShape(Map.of("id", "x", "response", Map.of())));
    assertFalse(WebAuthnCeremony.hasCredentialShape(
        Map.of("id", "x", "type", "t", "response", "r")));
    assertFalse(WebAuthnCeremony.hasCredentialShape("{}"));
    assertFalse(WebAuthnCeremony.hasCredentialShape(null));
  }

  @Test
  void offeredAlgorithmsAreTheContractsInOrderAndTheTestKeysCoverEachOfThem() {
    assertEquals(List.of(-7L, -8L, -257L), WebAuthnCeremony.OFFERED_ALGORITHMS);
    // The "every offered algorithm" tests run over CoseAlgorithm: it must be the same list.
    assertEquals(WebAuthnCeremony.OFFERED_ALGORITHMS, Arrays.stream(CoseAlgorithm.values())
        .map(CoseAlgorithm::coseIdentifier).toList());
  }
}
