package dev.keyfob.webauthn.webauthn4j;

import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnCeremonyFactory;
import dev.keyfob.webauthn.WebAuthnSettings;

/**
 * Makes {@link Webauthn4jCeremony}; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.keyfob.webauthn.WebAuthnCeremonyFactory}, so that only an
 * artifact built with this module can serve the WebAuthn routes. Stateless and thread-safe.
 */
public final class Webauthn4jCeremonyFactory implements WebAuthnCeremonyFactory {

  /** For {@link java.util.ServiceLoader}. */
  public Webauthn4jCeremonyFactory() {}

  @Override
  public WebAuthnCeremony create(WebAuthnSettings settings) {
    return new Webauthn4jCeremony(settings);
  }
}
