package dev.keyfob.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

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
    return new UserState(userId, 0, null, null, null, null, null, Set.of(), 0, null, 0, null,
        null);
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

  static final TableSchema<UserState> SCHEMA =
      StaticImmutableTableSchema.builder(UserState.class, ItemBuilder.class)
          .newItemBuilder(ItemBuilder::new, b -> new UserState(
              b.string("userId"),
              b.number(FACTOR_VERSION),
              b.bytes(SECRET),
              b.instant(ENROLLED_AT),
              b.nullableNumber(LAST_STEP),
              b.instant(LAST_VERIFIED_AT),
              b.bytes(RECOVERY_SALT),
              b.stringSet(RECOVERY_HASHES),
              b.integer(TOTP_FAILURES),
              b.instant(TOTP_LOCKED_UNTIL),
              b.integer(RECOVERY_FAILURES),
              b.instant(RECOVERY_LOCKED_UNTIL),
              b.string(LAST_WRITE_ID)))
          .addAttribute(String.class, a -> a.name(TableDefinition.PK)
              .getter(s -> Keys.user(s.userId())).setter(ItemBuilder::ignore)
              .tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(TableDefinition.SK)
              .getter(s -> Keys.STATE).setter(ItemBuilder::ignore)
              .tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("userId")
              .getter(UserState::userId).setter((b, v) -> b.put("userId", v)))
          .addAttribute(Long.class, a -> a.name(FACTOR_VERSION)
              .getter(UserState::factorVersion).setter((b, v) -> b.put(FACTOR_VERSION, v)))
          .addAttribute(byte[].class, a -> a.name(SECRET)
              .getter(UserState::secret).setter((b, v) -> b.put(SECRET, v)))
          .addAttribute(Long.class, a -> a.name(ENROLLED_AT)
              .getter(s -> ItemBuilder.millis(s.enrolledAt()))
              .setter((b, v) -> b.put(ENROLLED_AT, v)))
          .addAttribute(Long.class, a -> a.name(LAST_STEP)
              .getter(UserState::lastStep).setter((b, v) -> b.put(LAST_STEP, v)))
          .addAttribute(Long.class, a -> a.name(LAST_VERIFIED_AT)
              .getter(s -> ItemBuilder.millis(s.lastVerifiedAt()))
              .setter((b, v) -> b.put(LAST_VERIFIED_AT, v)))
          .addAttribute(byte[].class, a -> a.name(RECOVERY_SALT)
              .getter(UserState::recoverySalt).setter((b, v) -> b.put(RECOVERY_SALT, v)))
          .addAttribute(EnhancedType.setOf(String.class), a -> a.name(RECOVERY_HASHES)
              .getter(s -> s.recoveryHashes().isEmpty() ? null : s.recoveryHashes())
              .setter((b, v) -> b.put(RECOVERY_HASHES, v)))
          .addAttribute(Integer.class, a -> a.name(TOTP_FAILURES)
              .getter(UserState::totpFailures).setter((b, v) -> b.put(TOTP_FAILURES, v)))
          .addAttribute(Long.class, a -> a.name(TOTP_LOCKED_UNTIL)
              .getter(s -> ItemBuilder.millis(s.totpLockedUntil()))
              .setter((b, v) -> b.put(TOTP_LOCKED_UNTIL, v)))
          .addAttribute(Integer.class, a -> a.name(RECOVERY_FAILURES)
              .getter(UserState::recoveryFailures)
              .setter((b, v) -> b.put(RECOVERY_FAILURES, v)))
          .addAttribute(Long.class, a -> a.name(RECOVERY_LOCKED_UNTIL)
              .getter(s -> ItemBuilder.millis(s.recoveryLockedUntil()))
              .setter((b, v) -> b.put(RECOVERY_LOCKED_UNTIL, v)))
          .addAttribute(String.class, a -> a.name(LAST_WRITE_ID)
              .getter(UserState::lastWriteId).setter((b, v) -> b.put(LAST_WRITE_ID, v)))
          .build();
}
