package dev.keyfob.local;

import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnCeremonyFactory;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.security.SecureRandom;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Run by {@link WebAuthnClassLoadingBoundaryTest} in a child JVM on the local module's test
 * classpath: finds the WebAuthn checks through the shared library's port, as the WebAuthn
 * function does, and verifies one registration of a software authenticator. The control run
 * showing that the class-load log does record the library when it is used.
 */
public final class WebAuthnLoadProbe {

  /** Printed once the registration verified. */
  static final String DONE = "[webauthn-load-probe] registration verified";

  private WebAuthnLoadProbe() {}

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    String origin = "http://localhost:3000";
    WebAuthnCeremony ceremony = ServiceLoader.load(WebAuthnCeremonyFactory.class).findFirst()
        .orElseThrow(() -> new IllegalStateException("no WebAuthnCeremonyFactory on the path"))
        .create(new WebAuthnSettings(List.of(origin), "localhost", "keyfob"));
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    ceremony.verifyRegistration(challenge,
        key.makeCredential(challenge, "localhost", origin).build().asMap());
    System.out.println(DONE);
  }
}
