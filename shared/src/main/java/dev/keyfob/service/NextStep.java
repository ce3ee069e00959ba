package dev.keyfob.service;

/** What the front end should show next, per the status route of the contract. */
public enum NextStep {
  /** Nothing: exempt, or 2FA is satisfied by the presented token. */
  NONE,
  /** Set up a factor: the org enforces 2FA and the user has none. */
  ENROLL,
  /** Enter a code: a factor is active and the token is not an MFA token. */
  VERIFY
}
