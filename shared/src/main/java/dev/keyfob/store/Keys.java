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
 *   USER#&lt;userId&gt;      WEBAUTHN#&lt;key&gt;           a security key or passkey of the user
 *   USER#&lt;userId&gt;      WEBAUTHN_REGISTRATION    the pending registration of one (TTL)
 *   USER#&lt;userId&gt;      WEBAUTHN_ASSERTION       the pending assertion (TTL)
 *   USER#&lt;userId&gt;      DEVICE#&lt;hash&gt;            a remembered browser, by its token's hash (TTL)
 *   CREDENTIAL#&lt;key&gt;   OWNER                    who registered that credential id (unique)
 *   ORG#&lt;orgId&gt;        SETTINGS                 2FA and SSO toggles, grace period
 *   ORG#&lt;orgId&gt;        AUDIT#&lt;13-digit millis&gt;-&lt;16 hex&gt;  audit event (TTL)
 *   SIGNING_KEYS       ACTIVE | KEY#&lt;kid&gt;       MFA token signing keys
 * </pre>
 *
 * User and org ids are restricted to {@code [A-Za-z0-9._@:+-]}, so '#' never occurs inside them
 * and keys cannot collide. A credential's key is the base64url SHA-256 of its id (ids may be up
 * to 1023 bytes, longer than a sort key may be).
 */
public final class Keys {

  public static final String STATE = "STATE";
  public static final String ENROLLMENT = "ENROLLMENT";
  /** Sort key of the set of a user's org ids; not a membership, since it lacks the '#'. */
  public static final String ORGS = "ORGS";
  public static final String CREDENTIAL_PREFIX = "WEBAUTHN#";
  public static final String REGISTRATION = "WEBAUTHN_REGISTRATION";
  public static final String ASSERTION = "WEBAUTHN_ASSERTION";
  public static final String DEVICE_PREFIX = "DEVICE#";
  public static final String CREDENTIAL_OWNER_PREFIX = "CREDENTIAL#";
  public static final String OWNER = "OWNER";
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

  /** The storage key of a WebAuthn credential id: base64url SHA-256, 43 characters. */
  public static String credentialKey(byte[] credentialId) {
    try {
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          java.security.MessageDigest.getInstance("SHA-256").digest(credentialId));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  public static Map<String, AttributeValue> credential(String userId, String credentialKey) {
    return key(user(userId), CREDENTIAL_PREFIX + credentialKey);
  }

  public static Map<String, AttributeValue> credentialOwner(String credentialKey) {
    return key(CREDENTIAL_OWNER_PREFIX + credentialKey, OWNER);
  }

  public static Map<String, AttributeValue> registration(String userId) {
    return key(user(userId), REGISTRATION);
  }

  public static Map<String, AttributeValue> assertion(String userId) {
    return key(user(userId), ASSERTION);
  }

  /** The remembered device whose token has this hash, under the user's own partition. */
  public static Map<String, AttributeValue> device(String userId, String tokenHash) {
    return key(user(userId), DEVICE_PREFIX + tokenHash);
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
