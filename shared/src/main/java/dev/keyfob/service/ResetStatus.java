package dev.keyfob.service;

/** Per-user outcome of an admin or support reset. */
public enum ResetStatus {
  /**
   * There was an active factor: it, its codes, pending set-ups and every lock were removed and the
   * factor version changed.
   */
  RESET,
  /**
   * There was no active factor; pending set-ups and locks were still removed and the factor
   * version changed, so a set-up someone else started cannot survive the reset.
   */
  NOT_ENROLLED,
  /** The user is not a recorded member of the admin's org; nothing changed. */
  NOT_A_MEMBER,
  /**
   * The user is also a recorded member of another org: an org admin resets only users who belong
   * to their org alone, so nothing changed (support, or the other org forgetting the
   * membership first, is the way).
   */
  OTHER_ORGS,
  /** Admins reset their own factor in personal settings, not here. */
  SELF
}
