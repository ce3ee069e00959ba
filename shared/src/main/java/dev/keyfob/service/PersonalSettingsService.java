package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.token.IssuedToken;
import java.util.List;
import java.util.Map;

/**
 * Personal settings that need a recent MFA: a new recovery-code set, removing the app, and
 * removing 2FA altogether.
 */
public final class PersonalSettingsService {

  private final AccountRepository accounts;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final RecoveryCodeSets recoveryCodes;
  private final MembershipRecorder memberships;
  private final TokenSigning signing;

  PersonalSettingsService(AccountRepository accounts, AccessPolicy policy, AuditTrail audit,
      RecoveryCodeSets recoveryCodes, MembershipRecorder memberships, TokenSigning signing) {
    this.signing = signing;
    this.accounts = accounts;
    this.policy = policy;
    this.audit = audit;
    this.recoveryCodes = recoveryCodes;
    this.memberships = memberships;
  }

  /** {@code POST /v1/me/two-factor/recovery-codes}: a new set; the old one stops working. */
  public List<String> regenerateRecoveryCodes(Caller caller) {
    policy.requireRecentMfa(caller);
    RecoveryCodeSets.NewSet set = recoveryCodes.create();
    WriteOnce<List<String>> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write, c -> {
      UserState state = c.snapshot().state();
      if (!state.hasFactor()) {
        throw Outcomes.notEnrolled();
      }
      SideEffects effects = c.membershipEffects().with(audit.event(c.orgId(),
          AuditEventType.RECOVERY_CODES_REGENERATED, c.now(), c.userId(), c.userId(), Map.of()));
      accounts.replaceRecoveryCodes(state, set.stored(), write.next(set::codes), effects);
      return set.codes();
    });
  }

  /**
   * {@code DELETE /v1/me/two-factor}: removes the factor, its codes and any pending enrollment,
   * and changes the factor version. Removing nothing succeeds and changes nothing.
   */
  public void removeTwoFactor(Caller caller) {
    policy.requireRecentMfa(caller);
    WriteOnce<Void> write = new WriteOnce<>();
    Conflicts.retry(caller, accounts, c -> {
      UserState state = c.snapshot().state();
      if (write.applied(state.lastWriteId())) {
        return null;
      }
      if (!state.hasFactor() && c.snapshot().pending() == null
          && c.snapshot().registration() == null) {
        memberships.recordIfNeeded(c);
        return null;
      }
      SideEffects effects = c.membershipEffects();
      if (state.hasFactor()) {
        effects = effects.with(audit.event(c.orgId(), AuditEventType.FACTOR_REMOVED, c.now(),
            c.userId(), c.userId(), Map.of()));
      }
      accounts.removeFactor(state, write.next(() -> null), effects);
      return null;
    });
  }

  /**
   * {@code DELETE /v1/me/two-factor/totp}: removes the app while another method remains, changes
   * the factor version and answers the caller's MFA token again with the new version (same
   * {@code iat}, {@code exp}, {@code auth_time} and {@code amr}).
   */
  public IssuedToken removeTotp(Caller caller) {
    policy.requireRecentMfa(caller);
    WriteOnce<IssuedToken> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write, c -> {
      UserState state = c.snapshot().state();
      if (!state.hasFactor()) {
        throw Outcomes.notEnrolled();
      }
      if (!state.hasTotp()) {
        throw Outcomes.methodNotEnrolled("authenticator app");
      }
      if (state.credentialCount() == 0) {
        throw Outcomes.lastFactor();
      }
      SideEffects effects = c.membershipEffects().with(audit.event(c.orgId(),
          AuditEventType.TOTP_REMOVED, c.now(), c.userId(), c.userId(), Map.of()));
      TokenSigning.Pending token = signing.startSuccessor(c.principal(),
          state.factorVersion() + 1);
      accounts.removeTotp(state, write.next(token::join), effects);
      return token.join();
    });
  }
}
