package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.OrgSettings;
import dev.keyfob.store.UserState;
import java.time.Instant;

/** {@code GET /v1/me/two-factor}: the caller's status and what the front end shows next. */
public final class StatusService {

  private final AccessPolicy policy;
  private final LockoutPolicy lockout;
  private final MembershipRecorder memberships;

  StatusService(AccessPolicy policy, LockoutPolicy lockout, MembershipRecorder memberships) {
    this.policy = policy;
    this.lockout = lockout;
    this.memberships = memberships;
  }

  public StatusView status(Caller caller) {
    UserState state = caller.snapshot().state();
    OrgSettings org = caller.snapshot().org();
    Instant now = caller.now();
    StatusView view = new StatusView(
        caller.userId(),
        caller.orgId(),
        org.twoFactorRequired(),
        caller.principal().exempt(),
        state.hasFactor(),
        org.enrollmentDeadlineAt(now),
        nextStep(caller),
        state.recoveryCodesRemaining(),
        lockEnd(state, FailureKind.TOTP, now),
        lockout.permanentlyLocked(state),
        Methods.of(state),
        lockEnd(state, FailureKind.WEBAUTHN, now),
        org.rememberDeviceDays());
    memberships.recordIfNeeded(caller);
    return view;
  }

  private Instant lockEnd(UserState state, FailureKind kind, Instant now) {
    Instant end = lockout.timedLockEnd(state, kind, now);
    return end == null ? null : Outcomes.ceilToSecond(end);
  }

  private NextStep nextStep(Caller caller) {
    if (caller.principal().exempt() || policy.twoFactorSatisfied(caller)) {
      return NextStep.NONE;
    }
    return caller.snapshot().state().hasFactor() ? NextStep.VERIFY : NextStep.ENROLL;
  }
}
