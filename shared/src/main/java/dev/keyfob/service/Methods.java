package dev.keyfob.service;

import dev.keyfob.store.UserState;

/**
 * Which methods of the second factor a user has, as the status and the member rows show them.
 *
 * @param totp whether the authenticator app is set up
 * @param webauthn how many security keys and passkeys are registered
 */
public record Methods(boolean totp, int webauthn) {

  static Methods of(UserState state) {
    return new Methods(state.hasTotp(), state.credentialCount());
  }
}
