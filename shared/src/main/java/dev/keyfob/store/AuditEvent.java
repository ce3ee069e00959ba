package dev.keyfob.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of an org's audit trail ({@code ORG#<org> / AUDIT#<id>}). The id starts with the
 * zero-padded epoch milliseconds, so the sort key orders events by time and a descending query
 * reads newest first. Details are short strings such as a reason or a ticket; never a secret, a
 * code or a token.
 *
 * @param expiresAt when TTL may delete the event (the retention setting)
 */
public record AuditEvent(
    String orgId,
    String id,
    AuditEventType type,
    Instant at,
    String actorId,
    String targetUserId,
    Map<String, String> details,
    Instant expiresAt) {

  static final String ID = "id";
  static final String TYPE = "type";
  static final String AT = "at";
  static final String ACTOR_ID = "actorId";
  static final String TARGET_USER_ID = "targetUserId";
  static final String DETAILS = "details";

  public AuditEvent {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  static AuditEvent fromItem(Map<String, AttributeValue> item) {
    return new AuditEvent(
        Items.string(item, "orgId"),
        Items.string(item, ID),
        AuditEventType.valueOf(Items.string(item, TYPE)),
        Items.instant(item, AT),
        Items.string(item, ACTOR_ID),
        Items.string(item, TARGET_USER_ID),
        Items.strings(item, DETAILS),
        null);
  }

  /** The whole item; expires through TTL after the retention period. */
  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = Items.withKey(Keys.org(orgId), Keys.AUDIT_PREFIX + id);
    Items.put(item, "orgId", orgId);
    Items.put(item, ID, id);
    Items.put(item, TYPE, type.name());
    Items.put(item, AT, at);
    Items.put(item, ACTOR_ID, actorId);
    Items.put(item, TARGET_USER_ID, targetUserId);
    Items.putStrings(item, DETAILS, details);
    if (expiresAt != null) {
      Items.put(item, TableDefinition.TTL, expiresAt.getEpochSecond());
    }
    return item;
  }
}
