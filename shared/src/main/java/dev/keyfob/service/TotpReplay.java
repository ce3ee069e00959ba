package dev.keyfob.service;

import dev.keyfob.store.UserState;

/**
 * Replay per secret, the rule's one owner: a TOTP time step, once accepted for a secret (at
 * verify or at enrollment confirm), is never accepted again for that secret, also when two
 * requests carry it at once. The last accepted step is stored beside the secret; a code is
 * checked only against steps after it, and the write that accepts a step is conditional on the
 * stored step still being below it ({@code AccountRepository#acceptTotp}). A new secret starts
 * with no step used: its confirm may accept any step of the window, and that step becomes the
 * secret's last.
 */
final class TotpReplay {

  /** The floor of a secret nothing has been accepted for yet. */
  static final long NO_STEP_USED = Long.MIN_VALUE;

  private TotpReplay() {}

  /** Steps at or below this are refused for the user's active secret. */
  static long lastUsedStep(UserState state) {
    return state.lastStep() == null ? NO_STEP_USED : state.lastStep();
  }
}
