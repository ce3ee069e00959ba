package dev.keyfob.webauthn.webauthn4j;

import static dev.keyfob.webauthn.webauthn4j.Fixtures.challenge;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.parsed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import dev.keyfob.webauthn.AssertionOutcome;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.StoredCredential;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnCeremonyFactory;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The shared library finds this module's checks the way the WebAuthn function will. */
class Webauthn4jCeremonyFactoryTest {

  @Test
  void serviceLoaderFindsExactlyThisFactory() {
    List<WebAuthnCeremonyFactory> factories =
        ServiceLoader.load(WebAuthnCeremonyFactory.class).stream()
            .map(ServiceLoader.Provider::get).toList();
    assertEquals(1, factories.size(), factories::toString);
    assertInstanceOf(Webauthn4jCeremonyFactory.class, factories.get(0));
  }

  @Test
  void ceremonyForTheLocalApiDefaultsRegistersAndVerifiesOverHttpLocalhost() throws Exception {
    String origin = "http://localhost:3000";
    WebAuthnSettings settings = WebAuthnSettings.of(List.of(origin), "localhost", "keyfob");
    WebAuthnCeremony ceremony = ServiceLoader.load(WebAuthnCeremonyFactory.class).findFirst()
        .orElseThrow().create(settings);
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    byte[] user = Fixtures.random(32);

    byte[] registration = challenge();
    NewCredential created = ceremony.verifyRegistration(registration,
        parsed(key.makeCredential(registration, "localhost", origin).userHandle(user).build()));
    StoredCredential stored = new StoredCredential(created.credentialId(),
        created.publicKeyCose(), created.signCount(), created.backupEligible());
    byte[] assertion = challenge();
    AssertionOutcome outcome = ceremony.verifyAssertion(assertion,
        parsed(key.getAssertion(assertion, "localhost", origin).build()), user, List.of(stored));

    assertArrayEquals(key.credentialId(), outcome.credentialId());
    assertEquals(1, outcome.signCount());
  }
}
