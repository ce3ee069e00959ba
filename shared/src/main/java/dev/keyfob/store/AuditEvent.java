package dev.keyfob.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

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

  static final TableSchema<AuditEvent> SCHEMA =
      StaticImmutableTableSchema.builder(AuditEvent.class, ItemBuilder.class)
          .newItemBuilder(ItemBuilder::new, b -> new AuditEvent(
              b.string("orgId"),
              b.string(ID),
              AuditEventType.valueOf(b.string(TYPE)),
              b.instant(AT),
              b.string(ACTOR_ID),
              b.string(TARGET_USER_ID),
              b.stringMap(DETAILS),
              null))
          .addAttribute(String.class, a -> a.name(TableDefinition.PK)
              .getter(e -> Keys.org(e.orgId())).setter(ItemBuilder::ignore)
              .tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(TableDefinition.SK)
              .getter(e -> Keys.AUDIT_PREFIX + e.id()).setter(ItemBuilder::ignore)
              .tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("orgId")
              .getter(AuditEvent::orgId).setter((b, v) -> b.put("orgId", v)))
          .addAttribute(String.class, a -> a.name(ID)
              .getter(AuditEvent::id).setter((b, v) -> b.put(ID, v)))
          .addAttribute(String.class, a -> a.name(TYPE)
              .getter(e -> e.type().name()).setter((b, v) -> b.put(TYPE, v)))
          .addAttribute(Long.class, a -> a.name(AT)
              .getter(e -> ItemBuilder.millis(e.at())).setter((b, v) -> b.put(AT, v)))
          .addAttribute(String.class, a -> a.name(ACTOR_ID)
              .getter(AuditEvent::actorId).setter((b, v) -> b.put(ACTOR_ID, v)))
          .addAttribute(String.class, a -> a.name(TARGET_USER_ID)
              .getter(AuditEvent::targetUserId).setter((b, v) -> b.put(TARGET_USER_ID, v)))
          .addAttribute(EnhancedType.mapOf(String.class, String.class), a -> a.name(DETAILS)
              .getter(e -> e.details().isEmpty() ? null : e.details())
              .setter((b, v) -> b.put(DETAILS, v)))
          .addAttribute(Long.class, a -> a.name(TableDefinition.TTL)
              .getter(e -> e.expiresAt() == null ? null : e.expiresAt().getEpochSecond())
              .setter(ItemBuilder::ignore))
          .build();
}
