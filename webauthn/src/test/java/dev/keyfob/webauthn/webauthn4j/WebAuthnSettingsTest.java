package dev.keyfob.webauthn.webauthn4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testkit.webauthn.CoseAlgorithm;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebAuthnSettingsTest {
  @Test
  void rpIdDefaultsToTheFirstOriginsHostAndNameToTheIssuerName() {
    WebAuthnSettings settings = WebAuthnSettings.fromEnvironment(Map.of(
        WebAuthnSettings.ORIGINS, "https://example.com, https://app.example.com",
        WebAuthnSettings.ISSUER_NAME, "Acme"));
    assertEquals(List.of("https://example.com", "https://app.example.com"), settings.origins());
    assertEquals("example.com", settings.rpId());
    assertEquals("Acme", settings.rpName());
  }

  @Test
  void defaultRpIdMustCoverEveryOrigin() {
    assertThrows(IllegalArgumentException.class, () -> WebAuthnSettings.fromEnvironment(Map.of(
        WebAuthnSettings.ORIGINS, "https://app.example.com, https://admin.example.com",
        WebAuthnSettings.ISSUER_NAME, "Acme")));
  }

  @Test
  void localApiDefaultsAreHttpLocalhost() {
    WebAuthnSettings settings = WebAuthnSettings.fromEnvironment(Map.of(
        WebAuthnSettings.ORIGINS, "http://localhost:8787",
        WebAuthnSettings.ISSUER_NAME, "keyfob"));
    assertEquals("localhost", settings.rpId());
    assertEquals(List.of("http://localhost:8787"), settings.origins());
  }

  @Test
  void explicitRpIdAndNameWin() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(WebAuthnSettings.ORIGINS, "https://APP.Example.com/");
    env.put(WebAuthnSettings.RP_ID, "example.com");
    env.put(WebAuthnSettings.RP_NAME, "Example");
    env.put(WebAuthnSettings.ISSUER_NAME, "ignored");
    WebAuthnSettings settings = WebAuthnSettings.fromEnvironment(env);
    assertEquals(List.of("https://app.example.com"), settings.origins());
    assertEquals("example.com", settings.rpId());
    assertEquals("Example", settings.rpName());
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
    assertThrows(IllegalArgumentException.class, () -> WebAuthnSettings.fromEnvironment(Map.of()));
    assertThrows(IllegalArgumentException.class, () ->
        WebAuthnSettings.fromEnvironment(Map.of(WebAuthnSettings.ORIGINS, "https://example.com")));
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
