package dev.keyfob.webauthn;

/**
 * Makes the {@link WebAuthnCeremony} for a relying party. The {@code webauthn} module provides
 * one through {@code META-INF/services}; a function built without that module has none, and
 * never needs one (its routes are not WebAuthn routes).
 */
public interface WebAuthnCeremonyFactory {

  /** The checks for the relying party {@code settings} describes. */
  WebAuthnCeremony create(WebAuthnSettings settings);
}
