package dev.keyfob.store;

import java.util.Objects;

/**
 * Everything one request needs to know about its caller, read in a single consistent
 * {@code BatchGetItem}: the user's second-factor state, their pending enrollment, their membership
 * of the token's org, and that org's settings.
 *
 * @param pending null when no enrollment is pending
 * @param membership null when the user has not been recorded as a member of the org yet
 */
public record AccountSnapshot(
    UserState state, PendingEnrollment pending, Membership membership, OrgSettings org) {

  public AccountSnapshot {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(org, "org");
  }

  /** Whether the membership item is missing or shows another email than {@code email}. */
  public boolean membershipOutdated(String email) {
    return membership == null || !Objects.equals(membership.email(), email);
  }
}
