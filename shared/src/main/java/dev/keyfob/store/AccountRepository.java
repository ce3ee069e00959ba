package dev.keyfob.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Users' second-factor state, pending enrollments and memberships.
 *
 * <p>Every change is conditional on the {@link UserState} (or {@link PendingEnrollment}) the
 * caller read: if the item changed in between, nothing is written and
 * {@link ConcurrentUpdateException} is thrown, so the caller reloads and decides again. That is
 * how single use, replay protection and exact lockout counting hold under concurrent requests.
 * Each method is one DynamoDB call; its {@link SideEffects} are written in the same transaction.
 * Each change also stores the caller's {@code writeId}, a fresh random id per attempt, so that
 * an attempt whose answer was lost (and whose SDK retry then failed its condition) can see in
 * the reloaded state that its write took effect, and answer accordingly instead of counting a
 * failure twice or refusing a code it had just accepted.
 * Unreachable storage is {@link dev.keyfob.problem.DependencyUnavailableException}.
 */
public interface AccountRepository {

  /**
   * Makes the calls a sign-in makes, on a key no user can have, so the SDK's marshallers, the
   * request pipeline and the connection are ready before the first real request: a
   * {@code BatchGetItem} that finds nothing and a conditional {@code UpdateItem} whose condition
   * fails. Nothing is written.
   */
  void prime();

  /**
   * Reads the caller's state, pending set-ups and assertion, membership, org settings and what
   * {@code lookups} names, in one call.
   */
  AccountSnapshot load(String userId, String orgId, Lookups lookups);

  /** States of many users (missing ones as {@link UserState#empty}), in the given order. */
  List<UserState> states(List<String> userIds);

  /** Which of {@code userIds} are recorded members of {@code orgId}. */
  Map<String, Membership> memberships(String orgId, Collection<String> userIds);

  /** Every org the user has been recorded in. */
  List<Membership> membershipsOf(String userId);

  /** Whether the user is a recorded member of some org other than {@code orgId}. */
  boolean memberOfAnotherOrg(String userId, String orgId);

  /**
   * Forgets that the user belongs to the org: deletes the membership and takes the org out of
   * the user's set of orgs, with the side effects, only if the membership exists; else
   * {@link ConcurrentUpdateException} and nothing is written.
   */
  void forgetMembership(String userId, String orgId, SideEffects effects);

  /** Records a membership on its own, for calls that change nothing else. */
  void recordMembership(Membership membership);

  /**
   * Accepts TOTP time step {@code step}: only if the factor version is unchanged, the step is
   * above the last accepted one and the TOTP kind is not locked. Resets the TOTP failure count.
   *
   * @param devices the user's remembered devices after this sign-in (see
   *     {@link #replaceDevices}), or null to leave them
   */
  void acceptTotp(UserState expected, long step, Instant now, DeviceIndex devices,
      String writeId, SideEffects effects);

  /**
   * Counts one failure of {@code kind}: only if the count is still the one read and the kind is
   * not locked. {@code lockUntil}, when not null, starts a timed lock; a permanent lock is the
   * count itself reaching the permanent limit.
   */
  void recordFailure(UserState expected, FailureKind kind, Instant now, Instant lockUntil,
      String writeId, SideEffects effects);

  /**
   * Uses one recovery code: only if its hash is still in the set, the set has the size read and
   * the recovery kind is not locked. Resets the recovery failure count. With {@code removeFactor}
   * (the caller decided it was the last code) the factor is removed and the factor version
   * increased in the same write.
   *
   * @param devices the user's remembered devices after this sign-in, or null to leave them
   */
  void consumeRecoveryCode(UserState expected, String hash, boolean removeFactor, Instant now,
      DeviceIndex devices, String writeId, SideEffects effects);

  /** Stores a new pending enrollment, replacing any earlier one. */
  void replacePendingEnrollment(PendingEnrollment pending, SideEffects effects);

  /** Counts a wrong code against a pending enrollment; at {@code voidAt} failures deletes it. */
  void recordEnrollmentFailure(PendingEnrollment expected, int voidAt, String writeId,
      SideEffects effects);

  /**
   * Makes the pending enrollment's secret the user's app, atomically: it replaces any old one,
   * {@code step} becomes its last accepted step and the pending enrollment is deleted. Security
   * keys stay.
   *
   * @param newCodes a new recovery-code set to replace the old one, or null to keep it
   * @param newFactorVersion whether the factor version increases (a first factor or a replaced
   *     app) or stays (the app added beside security keys)
   */
  void completeEnrollment(UserState expected, PendingEnrollment pending, long step,
      RecoveryCodeSet newCodes, boolean newFactorVersion, Instant now, String writeId,
      SideEffects effects);

  /** Replaces the recovery-code set of the active factor (its methods as read). */
  void replaceRecoveryCodes(UserState expected, RecoveryCodeSet codes, String writeId,
      SideEffects effects);

  /**
   * The user's own removal of everything: every method (the app, every security key and passkey),
   * the codes, pending set-ups and assertion; increases the factor version. Failure counts and
   * locks stay: only a reset lifts them.
   */
  void removeFactor(UserState expected, String writeId, SideEffects effects);

  /**
   * An admin or support reset, whether or not there is a factor: what {@link #removeFactor}
   * removes, and every failure count and lock.
   *
   * @param onlyMemberOf when not null (an admin reset), the write also requires that no org but
   *     this one has been added to the user's set of orgs since it was read
   */
  void reset(UserState expected, String onlyMemberOf, String writeId, SideEffects effects);

  /**
   * Removes the app while security keys remain (the caller checked): increases the factor
   * version and deletes any pending enrollment.
   */
  void removeTotp(UserState expected, String writeId, SideEffects effects);

  /** Stores a new pending WebAuthn registration, replacing any earlier one. */
  void replacePendingRegistration(PendingRegistration pending, SideEffects effects);

  /**
   * Deletes the pending registration, only if it is still this one: a confirm that failed uses
   * it up. {@link ConcurrentUpdateException} if another request used it first.
   */
  void useUpRegistration(PendingRegistration pending, SideEffects effects);

  /**
   * Adds the credential, atomically: its item, its owner item (only if the id is nobody's yet),
   * its entry in the state (only if the user still has the credentials read), and deletes the
   * pending registration (only if still this one).
   *
   * @param newCodes a new recovery-code set, or null to keep the current one
   * @param newFactorVersion whether the factor version increases (a first factor)
   */
  void completeRegistration(UserState expected, PendingRegistration pending,
      WebAuthnCredential credential, RecoveryCodeSet newCodes, boolean newFactorVersion,
      Instant now, String writeId, SideEffects effects);

  /** Stores a new pending WebAuthn assertion, replacing any earlier one. */
  void replacePendingAssertion(PendingAssertion pending, SideEffects effects);

  /**
   * A verified assertion, atomically: the assertion used up (only if still this one), the
   * credential's counter moved from the one read to {@code signCount} with its backup state and
   * last use, the WebAuthn failure count reset (only if unchanged and not locked).
   *
   * @param devices the user's remembered devices after this sign-in, or null to leave them
   */
  void acceptAssertion(UserState expected, PendingAssertion assertion,
      WebAuthnCredential credential, long signCount, boolean backedUp, Instant now,
      DeviceIndex devices, String writeId, SideEffects effects);

  /**
   * Makes {@code devices} the user's list of remembered devices, only if the factor version and
   * the list's version are still the ones read: the device items that join the list are
   * written, those that leave it deleted, in the same write.
   */
  void replaceDevices(UserState expected, DeviceIndex devices, String writeId,
      SideEffects effects);

  /** A failed assertion: used up, and one WebAuthn failure counted as {@link #recordFailure}. */
  void recordAssertionFailure(UserState expected, PendingAssertion assertion, Instant now,
      Instant lockUntil, String writeId, SideEffects effects);

  /** The user's security keys and passkeys. */
  List<WebAuthnCredential> credentials(String userId);

  /** Renames a credential of the user; {@link ConcurrentUpdateException} if there is none. */
  void renameCredential(String userId, String credentialKey, String name, SideEffects effects);

  /**
   * Removes one credential while another method remains (the caller checked): its item, its
   * owner item and its state entry; increases the factor version.
   */
  void removeCredential(UserState expected, String credentialKey, String writeId,
      SideEffects effects);
}
