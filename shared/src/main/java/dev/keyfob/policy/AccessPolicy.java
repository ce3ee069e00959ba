package dev.keyfob.policy;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.policy.Caller;
import dev.keyfob.token.Principal;
import java.time.Duration;
import java.time.Instant;

/**
 * Who may call what, as the contract's "Who may call what" section defines it. Each check either
 * returns or throws the contract's 403 problem. Immutable and thread-safe.
 */
public final class AccessPolicy {

  private final Duration stepUpMaxAge;

  /** @param stepUpMaxAge how old an MFA or a password sign-in may be for step-up checks */
  public AccessPolicy(Duration stepUpMaxAge) {
    this.stepUpMaxAge = stepUpMaxAge;
  }

  /**
   * 2FA satisfied: an MFA token; or an identity-provider token of a caller who is exempt (SSO),
   * or who has no active factor while the org does not enforce 2FA (off, or in its grace
   * period).
   */
  public void requireTwoFactorSatisfied(Caller caller) {
    Principal p = caller.principal();
    if (p.mfa() || p.exempt()) {
      return;
    }
    if (caller.snapshot().state().hasFactor()) {
      throw new ProblemException(ProblemType.MFA_REQUIRED,
          "Verify with your second factor first.");
    }
    if (caller.snapshot().org().enforcedAt(caller.now())) {
      throw new ProblemException(ProblemType.ENROLLMENT_REQUIRED,
          "Your organisation requires two-factor authentication. Set it up to continue.");
    }
  }

  /** Whether {@link #requireTwoFactorSatisfied} would pass, for the status route's next step. */
  public boolean twoFactorSatisfied(Caller caller) {
    try {
      requireTwoFactorSatisfied(caller);
      return true;
    } catch (ProblemException notSatisfied) {
      return false;
    }
  }

  /**
   * Recent MFA: an MFA token issued at most the step-up age ago, and not one a remembered device
   * got (a device token proves the browser, not the person at it now).
   */
  public void requireRecentMfa(Caller caller) {
    Principal p = caller.principal();
    if (!p.mfa()) {
      throw new ProblemException(ProblemType.MFA_REQUIRED,
          "Verify with your second factor first.");
    }
    if (p.amr().contains(Principal.AMR_REMEMBERED_DEVICE)) {
      throw new ProblemException(ProblemType.MFA_REQUIRED,
          "This needs your second factor itself: a remembered browser is not enough.");
    }
    if (olderThanStepUp(p.issuedAt(), caller.now())) {
      throw new ProblemException(ProblemType.MFA_REQUIRED,
          "This needs a recent verification. Verify with your second factor again.");
    }
  }

  /**
   * Fresh password: the sign-in used a password no longer ago than the step-up age. A caller
   * who has no password at all is told to set one first.
   */
  public void requireFreshPassword(Caller caller) {
    Principal p = caller.principal();
    if (!p.signedInWithPassword() && !p.pwdSet()) {
      throw new ProblemException(ProblemType.PASSWORD_REQUIRED,
          "Set a password in your personal settings first, then sign in with it to confirm"
              + " this change.");
    }
    if (!p.signedInWithPassword() || olderThanStepUp(p.authTime(), caller.now())) {
      throw new ProblemException(ProblemType.STEP_UP_REQUIRED,
          "Confirm your password: sign in again with your password to make this change.");
    }
  }

  /** Admin of {@code orgId}: an admin whose token names that org. */
  public void requireAdminOf(Caller caller, String orgId) {
    Principal p = caller.principal();
    if (!p.admin() || !p.orgId().equals(orgId)) {
      throw new ProblemException(ProblemType.FORBIDDEN,
          "Only an admin of this organisation can do this.");
    }
  }

  /** What every admin route asks first: an admin of {@code orgId} whose 2FA is satisfied. */
  public void requireAdminWithTwoFactor(Caller caller, String orgId) {
    requireAdminOf(caller, orgId);
    requireTwoFactorSatisfied(caller);
  }

  /**
   * Support: the operator's support staff, always with a second factor, whatever their org
   * requires: an MFA token, or an SSO sign-in (the operator's identity provider holds the
   * factor). One phished support password alone must reset nobody.
   */
  public void requireSupportWithSecondFactor(Caller caller) {
    Principal p = caller.principal();
    if (!p.support()) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Only support staff can do this.");
    }
    if (p.mfa() || p.exempt()) {
      return;
    }
    if (caller.snapshot().state().hasFactor()) {
      throw new ProblemException(ProblemType.MFA_REQUIRED,
          "Support staff verify with their second factor before resetting anyone.");
    }
    throw new ProblemException(ProblemType.ENROLLMENT_REQUIRED,
        "Support staff need two-factor authentication. Set it up to continue.");
  }

  private boolean olderThanStepUp(Instant at, Instant now) {
    return at == null || at.plus(stepUpMaxAge).isBefore(now);
  }
}
