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
 * <p>Every recording also adds the org to the user's set of org ids ({@code USER#<id> / ORGS},
 * attribute {@value #ORG_IDS}), and forgetting a membership removes it there. A query of the
 * memberships says which orgs a user belongs to; the set is what a write can be conditional on,
 * so an admin reset can require, in the same transaction, that no other org has recorded the
 * user meanwhile. (Memberships recorded before the set existed are not in it; a query still
 * finds them.)
 *
 * @param email the email of the newest token seen; may be null
 */
public record Membership(String userId, String orgId, String email, Instant firstSeenAt) {

  static final String EMAIL = "email";
  static final String FIRST_SEEN_AT = "firstSeenAt";
  static final String ORG_IDS = "orgIds";

  public Membership {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(orgId, "orgId");
  }

  static Membership fromItem(Map<String, AttributeValue> item) {
    return new Membership(Items.string(item, "userId"), Items.string(item, "orgId"),
        Items.string(item, EMAIL), Items.instant(item, FIRST_SEEN_AT));
  }
}
