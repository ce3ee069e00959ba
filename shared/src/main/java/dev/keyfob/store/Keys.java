package dev.keyfob.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key values of the single-table design. Every item's partition key names its owner
 * ({@code USER#<userId>}, {@code ORG#<orgId>}, {@code SIGNING_KEYS}) and its sort key says what
 * the item is:
 *
 * <pre>
 *   pk                 sk                       item
 *   USER#&lt;userId&gt;      STATE                    factor, factor version, locks, recovery-code hashes
 *   USER#&lt;userId&gt;      ENROLLMENT               the pending enrollment (TTL)
 *   USER#&lt;userId&gt;      ORG#&lt;orgId&gt;              membership; gsi1: ORG#&lt;orgId&gt; / MEMBER#&lt;userId&gt;
 *   USER#&lt;userId&gt;      ORGS                     the set of org ids of the user's memberships
 *   ORG#&lt;orgId&gt;        SETTINGS                 2FA and SSO toggles, grace period
 *   ORG#&lt;orgId&gt;        AUDIT#&lt;13-digit millis&gt;-&lt;16 hex&gt;  audit event (TTL)
 *   SIGNING_KEYS       ACTIVE | KEY#&lt;kid&gt;       MFA token signing keys
 * </pre>
 *
 * User and org ids are restricted to {@code [A-Za-z0-9._@:+-]}, so '#' never occurs inside them
 * and keys cannot collide.
 */
public final class Keys {

  public static final String STATE = "STATE";
  public static final String ENROLLMENT = "ENROLLMENT";
  /** Sort key of the set of a user's org ids; not a membership, since it lacks the '#'. */
  public static final String ORGS = "ORGS";
  public static final String SETTINGS = "SETTINGS";
  public static final String ORG_PREFIX = "ORG#";
  public static final String USER_PREFIX = "USER#";
  public static final String MEMBER_PREFIX = "MEMBER#";
  public static final String AUDIT_PREFIX = "AUDIT#";
  /** Partition of every signing key item. */
  public static final String SIGNING_KEYS = "SIGNING_KEYS";
  /** Sort key of the pointer to the active signing key. */
  public static final String ACTIVE_SIGNING_KEY = "ACTIVE";
  /** Sort key prefix of signing key items; the kid follows. */
  public static final String SIGNING_KEY_PREFIX = "KEY#";

  private Keys() {}

  public static String user(String userId) {
    return USER_PREFIX + userId;
  }

  public static String org(String orgId) {
    return ORG_PREFIX + orgId;
  }

  public static String member(String userId) {
    return MEMBER_PREFIX + userId;
  }

  /** The primary key of an item as the low-level client wants it. */
  public static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(TableDefinition.PK, AttributeValue.fromS(pk),
        TableDefinition.SK, AttributeValue.fromS(sk));
  }

  public static Map<String, AttributeValue> userState(String userId) {
    return key(user(userId), STATE);
  }

  public static Map<String, AttributeValue> enrollment(String userId) {
    return key(user(userId), ENROLLMENT);
  }

  public static Map<String, AttributeValue> membership(String userId, String orgId) {
    return key(user(userId), org(orgId));
  }

  public static Map<String, AttributeValue> userOrgs(String userId) {
    return key(user(userId), ORGS);
  }

  public static Map<String, AttributeValue> signingKey(String kid) {
    return key(SIGNING_KEYS, SIGNING_KEY_PREFIX + kid);
  }

  public static Map<String, AttributeValue> activeSigningKey() {
    return key(SIGNING_KEYS, ACTIVE_SIGNING_KEY);
  }

  public static Map<String, AttributeValue> orgSettings(String orgId) {
    return key(org(orgId), SETTINGS);
  }
}
