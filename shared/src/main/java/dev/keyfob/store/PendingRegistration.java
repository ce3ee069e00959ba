package dev.keyfob.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A started WebAuthn registration ({@code USER#<id> / WEBAUTHN_REGISTRATION}); at most one per
 * user, a new start replaces it. Like a pending enrollment it is bound to the factor version it
 * started at, and it is used up by its first confirm, right or wrong. Expiry is checked in code;
 * TTL only tidies up.
 *
 * @param challenge the random challenge the authenticator must sign, at least 32 bytes
 * @param userHandle the user's WebAuthn handle the options named as {@code user.id}
 */
public record PendingRegistration(
    String userId,
    String registrationId,
    byte[] challenge,
    byte[] userHandle,
    long factorVersion,
    Instant createdAt,
    Instant expiresAt) {

  static final String REGISTRATION_ID = "registrationId";
  static final String CHALLENGE = "challenge";
  static final String USER_HANDLE = "userHandle";
  static final String FACTOR_VERSION = "fv";
  static final String CREATED_AT = "createdAt";
  static final String EXPIRES_AT = "expiresAt";

  public PendingRegistration {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(registrationId, "registrationId");
    challenge = challenge.clone();
    userHandle = userHandle.clone();
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public byte[] challenge() {
    return challenge.clone();
  }

  @Override
  public byte[] userHandle() {
    return userHandle.clone();
  }

  /** Whether it can no longer be confirmed at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingRegistration other && userId.equals(other.userId)
        && registrationId.equals(other.registrationId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, registrationId);
  }

  @Override
  public String toString() {
    return "PendingRegistration[userId=" + userId + ", expiresAt=" + expiresAt + "]";
  }

  static PendingRegistration fromItem(Map<String, AttributeValue> item) {
    return new PendingRegistration(
        Items.string(item, "userId"),
        Items.string(item, REGISTRATION_ID),
        Items.bytes(item, CHALLENGE),
        Items.bytes(item, USER_HANDLE),
        Items.number(item, FACTOR_VERSION),
        Items.instant(item, CREATED_AT),
        Items.instant(item, EXPIRES_AT));
  }

  /** The whole item; its TTL is a day after expiry, which is also checked in code. */
  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = Items.withKey(Keys.user(userId), Keys.REGISTRATION);
    Items.put(item, "userId", userId);
    Items.put(item, REGISTRATION_ID, registrationId);
    Items.put(item, CHALLENGE, challenge);
    Items.put(item, USER_HANDLE, userHandle);
    Items.put(item, FACTOR_VERSION, factorVersion);
    Items.put(item, CREATED_AT, createdAt);
    Items.put(item, EXPIRES_AT, expiresAt);
    Items.put(item, TableDefinition.TTL, expiresAt.getEpochSecond() + 86_400);
    return item;
  }
}
