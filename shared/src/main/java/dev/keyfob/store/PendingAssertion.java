package dev.keyfob.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A started WebAuthn assertion ({@code USER#<id> / WEBAUTHN_ASSERTION}); at most one per user, a
 * new start replaces it. Used up by its first verify, right or wrong, with a conditional delete,
 * so of two verifies at once exactly one is decided. Expiry is checked in code; TTL only tidies
 * up.
 *
 * @param challenge the random challenge the authenticator must sign, at least 32 bytes
 */
public record PendingAssertion(
    String userId,
    String assertionId,
    byte[] challenge,
    Instant createdAt,
    Instant expiresAt) {

  static final String ASSERTION_ID = "assertionId";
  static final String CHALLENGE = "challenge";
  static final String CREATED_AT = "createdAt";
  static final String EXPIRES_AT = "expiresAt";

  public PendingAssertion {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(assertionId, "assertionId");
    challenge = challenge.clone();
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public byte[] challenge() {
    return challenge.clone();
  }

  /** Whether it can no longer be verified at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingAssertion other && userId.equals(other.userId)
        && assertionId.equals(other.assertionId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, assertionId);
  }

  @Override
  public String toString() {
    return "PendingAssertion[userId=" + userId + ", expiresAt=" + expiresAt + "]";
  }

  static PendingAssertion fromItem(Map<String, AttributeValue> item) {
    return new PendingAssertion(
        Items.string(item, "userId"),
        Items.string(item, ASSERTION_ID),
        Items.bytes(item, CHALLENGE),
        Items.instant(item, CREATED_AT),
        Items.instant(item, EXPIRES_AT));
  }

  /** The whole item; its TTL is a day after expiry, which is also checked in code. */
  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = Items.withKey(Keys.user(userId), Keys.ASSERTION);
    Items.put(item, "userId", userId);
    Items.put(item, ASSERTION_ID, assertionId);
    Items.put(item, CHALLENGE, challenge);
    Items.put(item, CREATED_AT, createdAt);
    Items.put(item, EXPIRES_AT, expiresAt);
    Items.put(item, TableDefinition.TTL, expiresAt.getEpochSecond() + 86_400);
    return item;
  }
}
