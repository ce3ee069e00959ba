package dev.keyfob.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.Map;
import java.time.Instant;
import java.util.Objects;

/**
 * A started but unconfirmed enrollment ({@code USER#<id> / ENROLLMENT}); at most one per user, a
 * new start replaces it. The secret is the same envelope that becomes the factor on confirm, so
 * confirming needs no re-encryption. Expiry is checked in code; TTL only tidies up later.
 *
 * <p>It is bound to the factor version the user had when it started: once that changes (a
 * confirm, a removal, a reset, the last recovery code) it can never be confirmed, so a start that
 * raced such a change cannot later replace a factor without recent MFA.
 *
 * @param secret envelope ciphertext of the new TOTP secret, bound to the user
 * @param factorVersion the user's factor version at the start; null for an enrollment stored
 *     before enrollments were bound to it, which is treated as void
 * @param failures wrong codes so far; the enrollment is void at the limit
 * @param lastWriteId id of the request attempt that last counted a failure (see
 *     {@link UserState#lastWriteId()})
 */
public record PendingEnrollment(
    String userId,
    String enrollmentId,
    byte[] secret,
    Long factorVersion,
    Instant createdAt,
    Instant expiresAt,
    int failures,
    String lastWriteId) {

  static final String ENROLLMENT_ID = "enrollmentId";
  static final String SECRET = "secret";
  static final String CREATED_AT = "createdAt";
  static final String EXPIRES_AT = "expiresAt";
  static final String FAILURES = "failures";
  static final String FACTOR_VERSION = "fv";
  static final String LAST_WRITE_ID = "writeId";

  public PendingEnrollment {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** Whether the enrollment can no longer be confirmed at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Whether it was started at the user's current factor version, so it may be confirmed. */
  public boolean boundTo(long currentFactorVersion) {
    return factorVersion != null && factorVersion == currentFactorVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingEnrollment other && userId.equals(other.userId)
        && enrollmentId.equals(other.enrollmentId) && failures == other.failures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, enrollmentId, failures);
  }

  @Override
  public String toString() {
    return "PendingEnrollment[userId=" + userId + ", expiresAt=" + expiresAt
        + ", failures=" + failures + "]";
  }

  static PendingEnrollment fromItem(Map<String, AttributeValue> item) {
    return new PendingEnrollment(
        Items.string(item, "userId"),
        Items.string(item, ENROLLMENT_ID),
        Items.bytes(item, SECRET),
        Items.nullableNumber(item, FACTOR_VERSION),
        Items.instant(item, CREATED_AT),
        Items.instant(item, EXPIRES_AT),
        Items.integer(item, FAILURES),
        Items.string(item, LAST_WRITE_ID));
  }

  /** The whole item; its TTL is a day after expiry, which is also checked in code. */
  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = Items.withKey(Keys.user(userId), Keys.ENROLLMENT);
    Items.put(item, "userId", userId);
    Items.put(item, ENROLLMENT_ID, enrollmentId);
    Items.put(item, SECRET, secret);
    if (factorVersion != null) {
      Items.put(item, FACTOR_VERSION, factorVersion);
    }
    Items.put(item, CREATED_AT, createdAt);
    Items.put(item, EXPIRES_AT, expiresAt);
    Items.put(item, FAILURES, failures);
    Items.put(item, LAST_WRITE_ID, lastWriteId);
    Items.put(item, TableDefinition.TTL, expiresAt.getEpochSecond() + 86_400);
    return item;
  }
}
