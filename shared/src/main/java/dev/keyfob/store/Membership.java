package dev.keyfob.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * That a user has been seen signed in to an org ({@code USER#<id> / ORG#<org>}). The members
 * index ({@code gsi1}: {@code ORG#<org> / MEMBER#<id>}) lists an org's members in user id order;
 * the base key lists a user's orgs, which a support reset needs for its audit events.
 *
 * @param email the email of the newest token seen; may be null
 */
public record Membership(String userId, String orgId, String email, Instant firstSeenAt) {

  static final String EMAIL = "email";
  static final String FIRST_SEEN_AT = "firstSeenAt";

  public Membership {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(orgId, "orgId");
  }

  static final TableSchema<Membership> SCHEMA =
      StaticImmutableTableSchema.builder(Membership.class, ItemBuilder.class)
          .newItemBuilder(ItemBuilder::new, b -> new Membership(
              b.string("userId"), b.string("orgId"), b.string(EMAIL),
              b.instant(FIRST_SEEN_AT)))
          .addAttribute(String.class, a -> a.name(TableDefinition.PK)
              .getter(m -> Keys.user(m.userId())).setter(ItemBuilder::ignore)
              .tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(TableDefinition.SK)
              .getter(m -> Keys.org(m.orgId())).setter(ItemBuilder::ignore)
              .tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name(TableDefinition.GSI1_PK)
              .getter(m -> Keys.org(m.orgId())).setter(ItemBuilder::ignore)
              .tags(secondaryPartitionKey(TableDefinition.MEMBERS_INDEX)))
          .addAttribute(String.class, a -> a.name(TableDefinition.GSI1_SK)
              .getter(m -> Keys.member(m.userId())).setter(ItemBuilder::ignore)
              .tags(secondarySortKey(TableDefinition.MEMBERS_INDEX)))
          .addAttribute(String.class, a -> a.name("userId")
              .getter(Membership::userId).setter((b, v) -> b.put("userId", v)))
          .addAttribute(String.class, a -> a.name("orgId")
              .getter(Membership::orgId).setter((b, v) -> b.put("orgId", v)))
          .addAttribute(String.class, a -> a.name(EMAIL)
              .getter(Membership::email).setter((b, v) -> b.put(EMAIL, v)))
          .addAttribute(Long.class, a -> a.name(FIRST_SEEN_AT)
              .getter(m -> ItemBuilder.millis(m.firstSeenAt()))
              .setter((b, v) -> b.put(FIRST_SEEN_AT, v)))
          .build();
}
