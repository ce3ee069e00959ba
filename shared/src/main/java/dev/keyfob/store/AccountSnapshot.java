package dev.keyfob.store;

import java.util.Objects;

/**
 * Everything one request needs to know about its caller, read in a single consistent
 * {@code BatchGetItem}: the user's second-factor state, their pending set-ups and assertion, their
 * membership of the token's org, that org's settings, and whatever the request named
 * ({@link Lookups}).
 *
 * @param pending the pending app enrollment, or null
 * @param registration the pending WebAuthn registration, or null
 * @param assertion the pending WebAuthn assertion, or null
 * @param membership null when the user has not been recorded as a member of the org yet
 * @param credential the credential {@code lookups} named, if it is this user's; else null
 * @param credentialOwner who registered the credential {@code lookups} named, if anyone; else null
 * @param device the caller's remembered device {@code lookups} named, if it exists; else null
 * @param lookups what was read beyond the caller's own items, to read again after a lost race
 */
public record AccountSnapshot(
    UserState state,
    PendingEnrollment pending,
    PendingRegistration registration,
    PendingAssertion assertion,
    Membership membership,
    OrgSettings org,
    WebAuthnCredential credential,
    String credentialOwner,
    RememberedDevice device,
    Lookups lookups) {

  public AccountSnapshot {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(org, "org");
    lookups = lookups == null ? Lookups.NONE : lookups;
  }

  /** Whether the membership item is missing or shows another email than {@code email}. */
  public boolean membershipOutdated(String email) {
    return membership == null || !Objects.equals(membership.email(), email);
  }
}
