package dev.keyfob.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A started but unconfirmed enrollment ({@code USER#<id> / ENROLLMENT}); at most one per user, a
 * new start replaces it. The secret is the same envelope that becomes the factor on confirm, so
 * confirming needs no re-encryption. Expiry is checked in code; TTL only tidies up later.
 *
 * @param secret envelope ciphertext of the new TOTP secret, bound to the user
 * @param failures wrong codes so far; the enrollment is void at the limit
 * @param lastWriteId id of the request attempt that last counted a failure (see
 *     {@link UserState#lastWriteId()})
 */
public record PendingEnrollment(
    String userId,
    String enrollmentId,
    byte[] secret,
    Instant createdAt,
    Instant expiresAt,
    int failures,
    String lastWriteId) {

  static final String ENROLLMENT_ID = "enrollmentId";
  static final String SECRET = "secret";
  static final String CREATED_AT = "createdAt";
  static final String EXPIRES_AT = "expiresAt";
  static final String FAILURES = "failures";
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

  static final TableSchema<PendingEnrollment> SCHEMA =
      StaticImmutableTableSchema.builder(PendingEnrollment.class, ItemBuilder.class)
          .newItemBuilder(ItemBuilder::new, b -> new PendingEnrollment(
              b.string("userId"),
              b.string(ENROLLMENT_ID),
              b.bytes(SECRET),
              b.instant(CREATED_AT),
              b.instant(EXPIRES_AT),
              b.integer(FAILURES),
              b.string(LAST_WRITE_ID)))
          .addAttribute(String.class, a -> a.name(TableDefinition.PK)
              .getter(e -> Keys.user(e.userId())).setter(ItemBuilder::ignore)
              .tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(TableDefinition.SK)
              .getter(e -> Keys.ENROLLMENT).setter(ItemBuilder::ignore)
              .tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("userId")
              .getter(PendingEnrollment::userId).setter((b, v) -> b.put("userId", v)))
          .addAttribute(String.class, a -> a.name(ENROLLMENT_ID)
              .getter(PendingEnrollment::enrollmentId).setter((b, v) -> b.put(ENROLLMENT_ID, v)))
          .addAttribute(byte[].class, a -> a.name(SECRET)
              .getter(PendingEnrollment::secret).setter((b, v) -> b.put(SECRET, v)))
          .addAttribute(Long.class, a -> a.name(CREATED_AT)
              .getter(e -> ItemBuilder.millis(e.createdAt()))
              .setter((b, v) -> b.put(CREATED_AT, v)))
          .addAttribute(Long.class, a -> a.name(EXPIRES_AT)
              .getter(e -> ItemBuilder.millis(e.expiresAt()))
              .setter((b, v) -> b.put(EXPIRES_AT, v)))
          .addAttribute(Integer.class, a -> a.name(FAILURES)
              .getter(PendingEnrollment::failures).setter((b, v) -> b.put(FAILURES, v)))
          .addAttribute(String.class, a -> a.name(LAST_WRITE_ID)
              .getter(PendingEnrollment::lastWriteId).setter((b, v) -> b.put(LAST_WRITE_ID, v)))
          .addAttribute(Long.class, a -> a.name(TableDefinition.TTL)
              .getter(e -> e.expiresAt().getEpochSecond() + 86_400)
              .setter(ItemBuilder::ignore))
          .build();
}
