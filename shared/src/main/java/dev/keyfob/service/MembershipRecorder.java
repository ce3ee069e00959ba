package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.SideEffects;

/**
 * Records the caller as a member of their token's org on routes that write nothing else; routes
 * that do write carry {@link Caller#membershipEffects()} in their own transaction instead.
 */
final class MembershipRecorder {

  private final AccountRepository accounts;

  MembershipRecorder(AccountRepository accounts) {
    this.accounts = accounts;
  }

  void recordIfNeeded(Caller caller) {
    SideEffects effects = caller.membershipEffects();
    if (effects.membership() != null) {
      accounts.recordMembership(effects.membership());
    }
  }
}
