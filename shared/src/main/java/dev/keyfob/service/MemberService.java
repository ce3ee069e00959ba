package dev.keyfob.service;

import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.Membership;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.Page;
import dev.keyfob.store.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/orgs/{orgId}/members}: the 2FA tab's member list, in user id order. */
public final class MemberService {

  private final OrgRepository orgs;
  private final AccountRepository accounts;
  private final AccessPolicy policy;
  private final LockoutPolicy lockout;
  private final MembershipRecorder memberships;

  MemberService(OrgRepository orgs, AccountRepository accounts, AccessPolicy policy,
      LockoutPolicy lockout, MembershipRecorder memberships) {
    this.orgs = orgs;
    this.accounts = accounts;
    this.policy = policy;
    this.lockout = lockout;
    this.memberships = memberships;
  }

  public Page<MemberView> list(Caller caller, String orgId, int limit, String cursor) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    memberships.recordIfNeeded(caller);
    Page<Membership> page = orgs.members(orgId, limit, cursor);
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
          lockout.permanentlyLocked(s)));
    }
    return new Page<>(rows, page.nextCursor());
  }
}
