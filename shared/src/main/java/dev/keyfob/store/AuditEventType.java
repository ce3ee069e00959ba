package dev.keyfob.store;

/** What an audit event records. Every state change of the contract has one. */
public enum AuditEventType {
  TWO_FACTOR_ENABLED,
  TWO_FACTOR_DISABLED,
  TWO_FACTOR_GRACE_PERIOD_CHANGED,
  SSO_ENABLED,
  SSO_DISABLED,
  ENROLLMENT_COMPLETED,
  METHOD_CHANGED,
  FACTOR_REMOVED,
  RECOVERY_CODE_USED,
  RECOVERY_CODES_REGENERATED,
  LOCKED,
  ADMIN_RESET,
  SUPPORT_RESET
}
