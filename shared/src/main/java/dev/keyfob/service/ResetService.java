package dev.keyfob.service;

import dev.keyfob.policy.Caller;
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
 * Admin bulk resets and support resets. A reset removes a user's factor, codes, pending set-ups
 * and every lock and changes the factor version, whether or not there was a factor, so every MFA
 * token they hold stops working, nothing someone else started survives, and they enroll afresh
 * at next sign-in. Each user's reset is its own transaction with its audit events (overflow
 * events of a support reset of a user of many orgs follow it, see {@link #INLINE_EVENTS}).
 *
 * <p>A factor belongs to the user, not to an org, so an org admin may reset only users who
 * belong to their org alone: the decision reads the user's memberships, and the write requires
 * that no other org recorded them meanwhile.
 */
public final class ResetService {

  /**
   * Audit events written in the reset's own transaction; a support reset of a user of more orgs
   * than this appends the rest right after it, in batches. Small, because a transaction's cost
   * grows with its size (on DynamoDB in capacity, on the emulator in time).
   */
  static final int INLINE_EVENTS = 10;
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
        status = adminResetOne(caller, orgId, userId, Map.of("reason", reason));
      }
      results.add(new ResetResult(userId, status));
    }
    return results;
  }

  private ResetStatus adminResetOne(Caller caller, String orgId, String userId,
      Map<String, String> details) {
    WriteOnce<ResetStatus> write = new WriteOnce<>();
    for (int attempt = 1; ; attempt++) {
      UserState state = accounts.states(List.of(userId)).get(0);
      if (write.applied(state.lastWriteId())) {
        return write.replay();
      }
      if (accounts.memberOfAnotherOrg(userId, orgId)) {
        return ResetStatus.OTHER_ORGS;
      }
      ResetStatus status = statusOf(state);
      List<AuditEvent> events = List.of(audit.event(orgId, AuditEventType.ADMIN_RESET,
          caller.now(), caller.userId(), userId, withResult(details, status)));
      try {
        accounts.reset(state, orgId, write.next(() -> status), new SideEffects(null, events));
        return status;
      } catch (ConcurrentUpdateException lostRace) {
        giveUpAfter(attempt, lostRace);
      }
    }
  }

  /**
   * {@code POST /v1/support/two-factor/resets}: any user, org admins included; the event goes
   * to every org the user is a member of.
   */
  public ResetResult supportReset(Caller caller, String userId, String ticket, String reason) {
    policy.requireSupportWithSecondFactor(caller);
    memberships.recordIfNeeded(caller);
    List<String> orgIds = accounts.membershipsOf(userId).stream().map(Membership::orgId).toList();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("ticket", ticket);
    details.put("reason", reason);
    WriteOnce<ResetStatus> write = new WriteOnce<>();
    for (int attempt = 1; ; attempt++) {
      UserState state = accounts.states(List.of(userId)).get(0);
      ResetStatus status = write.applied(state.lastWriteId()) ? write.replay() : statusOf(state);
      List<AuditEvent> events = new ArrayList<>(orgIds.size());
      for (String orgId : orgIds) {
        events.add(audit.event(orgId, AuditEventType.SUPPORT_RESET, caller.now(),
            caller.userId(), userId, withResult(details, status)));
      }
      int inline = Math.min(events.size(), INLINE_EVENTS);
      if (!write.applied(state.lastWriteId())) {
        try {
          accounts.reset(state, null, write.next(() -> status),
              new SideEffects(null, events.subList(0, inline)));
        } catch (ConcurrentUpdateException lostRace) {
          giveUpAfter(attempt, lostRace);
          continue;
        }
      }
      orgs.appendAuditEvents(events.subList(inline, events.size()));
      LOG.info(() -> "support reset by " + caller.userId() + " of " + userId + ": " + status
          + " (" + orgIds.size() + " orgs)");
      return new ResetResult(userId, status);
    }
  }

  private static ResetStatus statusOf(UserState state) {
    return state.hasFactor() ? ResetStatus.RESET : ResetStatus.NOT_ENROLLED;
  }

  private static Map<String, String> withResult(Map<String, String> details,
      ResetStatus status) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("result", status.name());
    return all;
  }

  /** Each lost race follows another request's change; a storm of them answers 503. */
  private static void giveUpAfter(int attempt, ConcurrentUpdateException lostRace) {
    if (attempt >= Conflicts.MAX_ATTEMPTS) {
      throw new DependencyUnavailableException("dynamodb", lostRace);
    }
  }
}
