package dev.keyfob.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.Map;
import java.time.Instant;
import java.util.Objects;

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

  static Membership fromItem(Map<String, AttributeValue> item) {
    return new Membership(Items.string(item, "userId"), Items.string(item, "orgId"),
        Items.string(item, EMAIL), Items.instant(item, FIRST_SEEN_AT));
  }
}
