package dev.keyfob.store;

/**
 * Org settings, member listings and the audit trail. Unreachable storage is
 * {@link dev.keyfob.problem.DependencyUnavailableException}.
 */
public interface OrgRepository {

  /** The org's settings, or {@link OrgSettings#defaults} when none were ever saved. */
  OrgSettings settings(String orgId);

  /**
   * Saves new settings if the stored ones still equal {@code expected} in their 2FA and SSO
   * toggles, else {@link ConcurrentUpdateException}. The caller checks the SSO / 2FA exclusivity
   * on {@code expected}; the condition keeps it true under concurrent admins.
   */
  void saveSettings(OrgSettings expected, OrgSettings updated, SideEffects effects);

  /** Members in user id order, {@code limit} at most, after the user id given (or from the start). */
  Page<Membership> members(String orgId, int limit, String afterUserId);

  /** How many members the org has and how many of them have an active factor. */
  MemberCounts memberCounts(String orgId);

  /** Audit events newest first, {@code limit} at most, after the event id given (or newest first). */
  Page<AuditEvent> auditEvents(String orgId, int limit, String afterEventId);

  /** Appends audit events that belong to no other change. */
  void appendAuditEvents(java.util.List<AuditEvent> events);

  /** Member counts for rollout progress. */
  record MemberCounts(int members, int enrolled) {}
}
