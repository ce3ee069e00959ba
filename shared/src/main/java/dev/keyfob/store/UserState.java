package dev.keyfob.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.Map;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A user's second-factor state ({@code USER#<id> / STATE}): the active factor if any, the factor
 * version that MFA tokens carry as {@code fv}, the last accepted TOTP step, the recovery-code
 * hashes still unused, and the failure counts and locks of both kinds.
 *
 * <p>The item is never deleted, only emptied, so the factor version only ever grows and an MFA
 * token issued before a reset can never become valid again. A user with no item is
 * {@link #empty(String)}: no factor, version 0, no failures.
 *
 * @param secret the TOTP secret as an envelope ciphertext; null when no factor is active
 * @param lastStep the last RFC 6238 time step accepted for this secret; null before any
 * @param recoveryHashes base64 PBKDF2 hashes of the unused recovery codes of the current set
 * @param recoveryIterations PBKDF2 iterations of the current set; 0 when not recorded
 * @param lastWriteId random id of the request attempt that last changed the item, so an attempt
 *     whose answer was lost can tell that its write took effect
 */
public record UserState(
    String userId,
    long factorVersion,
    byte[] secret,
    Instant enrolledAt,
    Long lastStep,
    Instant lastVerifiedAt,
    byte[] recoverySalt,
    Set<String> recoveryHashes,
    int recoveryIterations,
    int totpFailures,
    Instant totpLockedUntil,
    int recoveryFailures,
    Instant recoveryLockedUntil,
    String lastWriteId) {

  static final String FACTOR_VERSION = "fv";
  static final String SECRET = "secret";
  static final String ENROLLED_AT = "enrolledAt";
  static final String LAST_STEP = "lastStep";
  static final String LAST_VERIFIED_AT = "lastVerifiedAt";
  static final String RECOVERY_SALT = "rcSalt";
  static final String RECOVERY_HASHES = "rcHashes";
  static final String RECOVERY_ITERATIONS = "rcIterations";
  static final String TOTP_FAILURES = "totpFailures";
  static final String TOTP_LOCKED_UNTIL = "totpLockedUntil";
  static final String RECOVERY_FAILURES = "rcFailures";
  static final String RECOVERY_LOCKED_UNTIL = "rcLockedUntil";
  static final String LAST_WRITE_ID = "writeId";

  public UserState {
    Objects.requireNonNull(userId, "userId");
    recoveryHashes = recoveryHashes == null ? Set.of() : Set.copyOf(recoveryHashes);
    secret = secret == null ? null : secret.clone();
    recoverySalt = recoverySalt == null ? null : recoverySalt.clone();
  }

  /** The state of a user keyfob has never stored anything for. */
  public static UserState empty(String userId) {
    return new UserState(userId, 0, null, null, null, null, null, Set.of(), 0, 0, null, 0,
        null, null);
  }

  /** Whether an authenticator-app factor is active. */
  public boolean hasFactor() {
    return secret != null;
  }

  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  @Override
  public byte[] recoverySalt() {
    return recoverySalt == null ? null : recoverySalt.clone();
  }

  public int recoveryCodesRemaining() {
    return hasFactor() ? recoveryHashes.size() : 0;
  }

  /** Consecutive failures of one kind. */
  public int failures(FailureKind kind) {
    return kind == FailureKind.TOTP ? totpFailures : recoveryFailures;
  }

  /** End of the timed lock of one kind, or null; may lie in the past. */
  public Instant lockedUntil(FailureKind kind) {
    return kind == FailureKind.TOTP ? totpLockedUntil : recoveryLockedUntil;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserState other
        && userId.equals(other.userId)
        && factorVersion == other.factorVersion
        && java.util.Arrays.equals(secret, other.secret)
        && Objects.equals(lastStep, other.lastStep)
        && recoveryHashes.equals(other.recoveryHashes)
        && totpFailures == other.totpFailures
        && recoveryFailures == other.recoveryFailures
        && Objects.equals(totpLockedUntil, other.totpLockedUntil)
        && Objects.equals(recoveryLockedUntil, other.recoveryLockedUntil);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, factorVersion, lastStep, totpFailures, recoveryFailures);
  }

  /** Never prints the secret or the hashes. */
  @Override
  public String toString() {
    return "UserState[userId=" + userId + ", fv=" + factorVersion + ", factor=" + hasFactor()
        + ", codes=" + recoveryHashes.size() + ", totpFailures=" + totpFailures
        + ", recoveryFailures=" + recoveryFailures + "]";
  }

  /** Reads the state from its DynamoDB item. */
  static UserState fromItem(Map<String, AttributeValue> item) {
    return new UserState(
        Items.string(item, "userId"),
        Items.number(item, FACTOR_VERSION),
        Items.bytes(item, SECRET),
        Items.instant(item, ENROLLED_AT),
        Items.nullableNumber(item, LAST_STEP),
        Items.instant(item, LAST_VERIFIED_AT),
        Items.bytes(item, RECOVERY_SALT),
        Items.stringSet(item, RECOVERY_HASHES),
        Items.integer(item, RECOVERY_ITERATIONS),
        Items.integer(item, TOTP_FAILURES),
        Items.instant(item, TOTP_LOCKED_UNTIL),
        Items.integer(item, RECOVERY_FAILURES),
        Items.instant(item, RECOVERY_LOCKED_UNTIL),
        Items.string(item, LAST_WRITE_ID));
  }
}
