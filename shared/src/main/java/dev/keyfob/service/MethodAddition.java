package dev.keyfob.service;

import dev.keyfob.store.UserState;

/**
 * "New codes or not", the rule's one owner. A set-up that gives the user their first factor, or
 * replaces the authenticator app (an app enrollment while the app is active), renews the factor:
 * a new set of recovery codes (the old set stops working) and a new factor version. One that adds
 * a method beside an active one (a security key, or the app beside security keys) keeps both the
 * set and the factor version, so the user's other sessions and codes stay valid.
 */
final class MethodAddition {

  private MethodAddition() {}

  /**
   * @param replacesTheApp whether the new method is an app while the app is active
   */
  static boolean renewsTheFactor(UserState state, boolean replacesTheApp) {
    return !state.hasFactor() || replacesTheApp;
  }
}
