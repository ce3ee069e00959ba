package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.Page;
import java.util.ArrayList;
import java.util.List;

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

  /** Up to {@code limit} events, newest first, after the event id given (or the newest). */
  public Listing<AuditEntry> list(Caller caller, String orgId, int limit, String afterId) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    memberships.recordIfNeeded(caller);
    Page<AuditEvent> page = orgs.auditEvents(orgId, limit, afterId);
    List<AuditEntry> entries = new ArrayList<>(page.items().size());
    for (AuditEvent e : page.items()) {
      entries.add(new AuditEntry(e.id(), e.type().name(), e.at(), e.orgId(), e.actorId(),
          e.targetUserId(), e.details()));
    }
    return new Listing<>(entries, page.nextKey());
  }
}
