package dev.keyfob.service;

import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.Page;

/** {@code GET /v1/orgs/{orgId}/audit-events}: the org's audit trail, newest first. */
public final class AuditService {

  private final OrgRepository orgs;
  private final AccessPolicy policy;
  private final MembershipRecorder memberships;

  AuditService(OrgRepository orgs, AccessPolicy policy, MembershipRecorder memberships) {
    this.orgs = orgs;
    this.policy = policy;
    this.memberships = memberships;
  }

  public Page<AuditEvent> list(Caller caller, String orgId, int limit, String cursor) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    memberships.recordIfNeeded(caller);
    return orgs.auditEvents(orgId, limit, cursor);
  }
}
