package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.ConcurrentUpdateException;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.Membership;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.Page;
import dev.keyfob.store.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 2FA tab's members: the list in user id order ({@code GET /v1/orgs/{orgId}/members}), and
 * forgetting that someone belongs to the org ({@code DELETE /v1/orgs/{orgId}/members/{userId}}),
 * which the host application calls when they leave.
 */
public final class MemberService {

  private final OrgRepository orgs;
  private final AccountRepository accounts;
  private final AccessPolicy policy;
  private final LockoutPolicy lockout;
  private final MembershipRecorder memberships;
  private final AuditTrail audit;

  MemberService(OrgRepository orgs, AccountRepository accounts, AccessPolicy policy,
      LockoutPolicy lockout, MembershipRecorder memberships, AuditTrail audit) {
    this.orgs = orgs;
    this.accounts = accounts;
    this.policy = policy;
    this.lockout = lockout;
    this.memberships = memberships;
    this.audit = audit;
  }

  /** Up to {@code limit} members in user id order, after the user id given (or the first). */
  public Listing<MemberView> list(Caller caller, String orgId, int limit, String afterUserId) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    memberships.recordIfNeeded(caller);
    Page<Membership> page = orgs.members(orgId, limit, afterUserId);
    List<String> userIds = page.items().stream().map(Membership::userId).toList();
    List<UserState> states = accounts.states(userIds);
    List<MemberView> rows = new ArrayList<>(userIds.size());
    Instant now = caller.now();
    for (int i = 0; i < userIds.size(); i++) {
      Membership m = page.items().get(i);
      UserState s = states.get(i);
      Instant lockEnd = lockout.timedLockEnd(s, FailureKind.TOTP, now);
      rows.add(new MemberView(m.userId(), m.email(), s.hasFactor(), s.recoveryCodesRemaining(),
          s.lastVerifiedAt(), lockEnd == null ? null : Outcomes.ceilToSecond(lockEnd),
          lockout.permanentlyLocked(s), Methods.of(s),
          accounts.memberOfAnotherOrg(m.userId(), orgId)));
    }
    return new Listing<>(rows, page.nextKey());
  }

  /**
   * Forgets the membership, audited {@code MEMBER_REMOVED}; 404 {@code NOT_A_MEMBER} when there
   * is none. The user's factor is untouched, and their next call in the org records them again.
   */
  public void remove(Caller caller, String orgId, String userId) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    SideEffects effects = userId.equals(caller.userId())
        ? SideEffects.NONE : caller.membershipEffects();
    effects = effects.with(audit.event(orgId, AuditEventType.MEMBER_REMOVED, caller.now(),
        caller.userId(), userId, Map.of()));
    try {
      accounts.forgetMembership(userId, orgId, effects);
    } catch (ConcurrentUpdateException none) {
      throw new ProblemException(ProblemType.NOT_A_MEMBER,
          "This user is not a recorded member of the organisation.");
    }
  }
}
