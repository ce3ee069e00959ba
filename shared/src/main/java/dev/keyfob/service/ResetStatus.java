package dev.keyfob.service;

/** Per-user outcome of an admin or support reset. */
public enum ResetStatus {
  /** The factor, codes, pending enrollment and locks were removed. */
  RESET,
  /** The user had no factor; nothing changed. */
  NOT_ENROLLED,
  /** The user is not a recorded member of the admin's org; nothing changed. */
  NOT_A_MEMBER,
  /** Admins reset their own factor in personal settings, not here. */
  SELF
}
