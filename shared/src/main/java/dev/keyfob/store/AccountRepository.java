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

  /** Reads the caller's state, pending enrollment, membership and org settings in one call. */
  AccountSnapshot load(String userId, String orgId);

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
   */
  void acceptTotp(UserState expected, long step, Instant now, String writeId,
      SideEffects effects);

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
   */
  void consumeRecoveryCode(UserState expected, String hash, boolean removeFactor, Instant now,
      String writeId, SideEffects effects);

  /** Stores a new pending enrollment, replacing any earlier one. */
  void replacePendingEnrollment(PendingEnrollment pending, SideEffects effects);

  /** Counts a wrong code against a pending enrollment; at {@code voidAt} failures deletes it. */
  void recordEnrollmentFailure(PendingEnrollment expected, int voidAt, String writeId,
      SideEffects effects);

  /**
   * Makes the pending enrollment the only active factor, atomically: new secret and recovery
   * hashes replace any old ones, {@code step} becomes the last accepted step, the factor version
   * increases and the pending enrollment is deleted.
   */
  void completeEnrollment(UserState expected, PendingEnrollment pending, long step,
      RecoveryCodeSet codes, Instant now, String writeId, SideEffects effects);

  /** Replaces the recovery-code set of the active factor. */
  void replaceRecoveryCodes(UserState expected, RecoveryCodeSet codes, String writeId,
      SideEffects effects);

  /**
   * The user's own removal: removes the factor, its codes and any pending enrollment, and
   * increases the factor version. Failure counts and locks stay: only a reset lifts them.
   */
  void removeFactor(UserState expected, String writeId, SideEffects effects);

  /**
   * An admin or support reset, whether or not there is a factor: removes the factor, its codes,
   * any pending enrollment, every failure count and lock, and increases the factor version.
   *
   * @param onlyMemberOf when not null (an admin reset), the write also requires that no org but
   *     this one has been added to the user's set of orgs since it was read
   */
  void reset(UserState expected, String onlyMemberOf, String writeId, SideEffects effects);
}
