package dev.keyfob.service;

import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.ConcurrentUpdateException;
import dev.keyfob.store.Membership;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.problem.DependencyUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Admin bulk resets and support resets: remove a user's factor, codes, pending enrollment and
 * locks and change the factor version, so every MFA token they hold stops working and they
 * enroll afresh at next sign-in. Each user's reset is its own transaction with its audit events.
 */
public final class ResetService {

  /** Audit events that fit in one transaction beside the reset itself. */
  private static final int EVENTS_PER_TRANSACTION = 90;
  private static final Logger LOG = Logger.getLogger(ResetService.class.getName());

  private final AccountRepository accounts;
  private final OrgRepository orgs;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final MembershipRecorder memberships;

  ResetService(AccountRepository accounts, OrgRepository orgs, AccessPolicy policy,
      AuditTrail audit, MembershipRecorder memberships) {
    this.accounts = accounts;
    this.orgs = orgs;
    this.policy = policy;
    this.audit = audit;
    this.memberships = memberships;
  }

  /**
   * {@code POST /v1/orgs/{orgId}/two-factor/resets}. Results follow the order of the distinct
   * ids given; duplicates are answered once.
   */
  public List<ResetResult> adminReset(Caller caller, String orgId, List<String> userIds,
      String reason) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    memberships.recordIfNeeded(caller);
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(userIds));
    Map<String, Membership> members = accounts.memberships(orgId, distinct);
    List<ResetResult> results = new ArrayList<>(distinct.size());
    for (String userId : distinct) {
      ResetStatus status;
      if (userId.equals(caller.userId())) {
        status = ResetStatus.SELF;
      } else if (!members.containsKey(userId)) {
        status = ResetStatus.NOT_A_MEMBER;
      } else {
        status = reset(userId, List.of(orgId), AuditEventType.ADMIN_RESET, caller,
            Map.of("reason", reason));
      }
      results.add(new ResetResult(userId, status));
    }
    return results;
  }

  /**
   * {@code POST /v1/support/two-factor/resets}: any user, org admins included; the event goes
   * to every org the user is a member of.
   */
  public ResetResult supportReset(Caller caller, String userId, String ticket, String reason) {
    policy.requireSupport(caller);
    policy.requireTwoFactorSatisfied(caller);
    memberships.recordIfNeeded(caller);
    List<String> orgIds = accounts.membershipsOf(userId).stream().map(Membership::orgId).toList();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("ticket", ticket);
    details.put("reason", reason);
    ResetStatus status = reset(userId, orgIds, AuditEventType.SUPPORT_RESET, caller, details);
    LOG.info(() -> "support reset by " + caller.userId() + " of " + userId + ": " + status
        + " (" + orgIds.size() + " orgs)");
    return new ResetResult(userId, status);
  }

  private ResetStatus reset(String userId, List<String> orgIds, AuditEventType type,
      Caller caller, Map<String, String> details) {
    WriteOnce<ResetStatus> write = new WriteOnce<>();
    for (int attempt = 1; ; attempt++) {
      UserState state = accounts.states(List.of(userId)).get(0);
      if (write.applied(state.lastWriteId())) {
        return write.replay();
      }
      if (!state.hasFactor()) {
        return ResetStatus.NOT_ENROLLED;
      }
      List<AuditEvent> events = new ArrayList<>();
      for (String orgId : orgIds) {
        events.add(audit.event(orgId, type, caller.now(), caller.userId(), userId, details));
      }
      int inline = Math.min(events.size(), EVENTS_PER_TRANSACTION);
      try {
        accounts.removeFactor(state, true, write.next(() -> ResetStatus.RESET),
            new SideEffects(null, events.subList(0, inline)));
      } catch (ConcurrentUpdateException lostRace) {
        if (attempt >= Conflicts.MAX_ATTEMPTS) {
          throw new DependencyUnavailableException("dynamodb", lostRace);
        }
        continue;
      }
      orgs.appendAuditEvents(events.subList(inline, events.size()));
      return ResetStatus.RESET;
    }
  }
}
