package dev.keyfob.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A browser the user chose to remember ({@code USER#<id> / DEVICE#<hash>}), bound to the user,
 * the org and the factor version it was remembered under. Only the SHA-256 of its device token is
 * kept, as the key, so the item is found by one lookup and the token itself is stored nowhere.
 * The user's state lists the same devices ({@link DeviceIndex}) so that a sign-in can keep to ten
 * without a query. DynamoDB's TTL removes the item a day after it expires; expiry is also checked
 * in code.
 *
 * @param hash base64url SHA-256 of the device token
 * @param factorVersion the user's factor version when it was remembered
 */
public record RememberedDevice(
    String hash,
    String userId,
    String orgId,
    long factorVersion,
    Instant createdAt,
    Instant expiresAt) {

  static final String ORG_ID = "orgId";
  static final String FACTOR_VERSION = "fv";
  static final String CREATED_AT = "createdAt";
  static final String EXPIRES_AT = "expiresAt";

  public RememberedDevice {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  static RememberedDevice fromItem(Map<String, AttributeValue> item) {
    String sk = Items.string(item, TableDefinition.SK);
    return new RememberedDevice(
        sk.substring(Keys.DEVICE_PREFIX.length()),
        Items.string(item, "userId"),
        Items.string(item, ORG_ID),
        Items.number(item, FACTOR_VERSION),
        Items.instant(item, CREATED_AT),
        Items.instant(item, EXPIRES_AT));
  }

  /** The whole item; TTL removes it a day after it expires. */
  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = Items.withKey(Keys.user(userId),
        Keys.DEVICE_PREFIX + hash);
    item.putAll(indexEntry().m());
    Items.put(item, "userId", userId);
    Items.put(item, TableDefinition.TTL, expiresAt.getEpochSecond() + 86_400);
    return item;
  }

  /** The entry of the user's state that lists this device (everything but user and hash). */
  AttributeValue indexEntry() {
    Map<String, AttributeValue> m = new HashMap<>();
    Items.put(m, ORG_ID, orgId);
    Items.put(m, FACTOR_VERSION, factorVersion);
    Items.put(m, CREATED_AT, createdAt);
    Items.put(m, EXPIRES_AT, expiresAt);
    return AttributeValue.fromM(m);
  }

  static RememberedDevice fromIndexEntry(String userId, String hash, AttributeValue entry) {
    Map<String, AttributeValue> m = entry.m();
    return new RememberedDevice(hash, userId, Items.string(m, ORG_ID),
        Items.number(m, FACTOR_VERSION), Items.instant(m, CREATED_AT),
        Items.instant(m, EXPIRES_AT));
  }
}
