package dev.keyfob.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A security key or passkey of a user ({@code USER#<id> / WEBAUTHN#<key>}): its public key as a
 * COSE_Key, the signature counter last accepted, the backup flags, the transports, the
 * authenticator model and the name the user gave it. Public keys are not secrets; credential ids
 * are unique across users (a {@code CREDENTIAL#<key> / OWNER} item per id).
 *
 * @param key the storage key, {@link Keys#credentialKey} of the id
 * @param signCount the last accepted signature counter, 0 to 2^32-1
 * @param aaguid the authenticator model, all zeros under "none" attestation
 * @param lastUsedAt the last successful assertion; null before any
 */
public record WebAuthnCredential(
    String userId,
    String key,
    byte[] credentialId,
    byte[] publicKeyCose,
    long algorithm,
    long signCount,
    boolean backupEligible,
    boolean backedUp,
    List<String> transports,
    String aaguid,
    String name,
    Instant createdAt,
    Instant lastUsedAt) {

  static final String CREDENTIAL_ID = "credentialId";
  static final String PUBLIC_KEY = "publicKey";
  static final String ALGORITHM = "alg";
  static final String SIGN_COUNT = "signCount";
  static final String BACKUP_ELIGIBLE = "backupEligible";
  static final String BACKED_UP = "backedUp";
  static final String TRANSPORTS = "transports";
  static final String AAGUID = "aaguid";
  static final String NAME = "name";
  static final String CREATED_AT = "createdAt";
  static final String LAST_USED_AT = "lastUsedAt";

  public WebAuthnCredential {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(key, "key");
    credentialId = credentialId.clone();
    publicKeyCose = publicKeyCose.clone();
    transports = List.copyOf(transports);
    Objects.requireNonNull(name, "name");
  }

  @Override
  public byte[] credentialId() {
    return credentialId.clone();
  }

  @Override
  public byte[] publicKeyCose() {
    return publicKeyCose.clone();
  }

  /** The entry of this credential in its user's state. */
  public CredentialRef ref() {
    return new CredentialRef(key, credentialId, transports);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebAuthnCredential other && userId.equals(other.userId)
        && key.equals(other.key) && signCount == other.signCount && name.equals(other.name)
        && backedUp == other.backedUp && Objects.equals(lastUsedAt, other.lastUsedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, key);
  }

  @Override
  public String toString() {
    return "WebAuthnCredential[userId=" + userId + ", key=" + key + ", signCount=" + signCount
        + "]";
  }

  static WebAuthnCredential fromItem(Map<String, AttributeValue> item) {
    String sk = Items.string(item, TableDefinition.SK);
    List<String> transports = new java.util.ArrayList<>();
    AttributeValue tr = item.get(TRANSPORTS);
    if (tr != null && tr.hasL()) {
      tr.l().forEach(t -> transports.add(t.s()));
    }
    return new WebAuthnCredential(
        Items.string(item, "userId"),
        sk.substring(Keys.CREDENTIAL_PREFIX.length()),
        Items.bytes(item, CREDENTIAL_ID),
        Items.bytes(item, PUBLIC_KEY),
        Items.number(item, ALGORITHM),
        Items.number(item, SIGN_COUNT),
        Items.bool(item, BACKUP_ELIGIBLE),
        Items.bool(item, BACKED_UP),
        transports,
        Items.string(item, AAGUID),
        Items.string(item, NAME),
        Items.instant(item, CREATED_AT),
        Items.instant(item, LAST_USED_AT));
  }

  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = Items.withKey(Keys.user(userId),
        Keys.CREDENTIAL_PREFIX + key);
    Items.put(item, "userId", userId);
    Items.put(item, CREDENTIAL_ID, credentialId);
    Items.put(item, PUBLIC_KEY, publicKeyCose);
    Items.put(item, ALGORITHM, algorithm);
    Items.put(item, SIGN_COUNT, signCount);
    Items.put(item, BACKUP_ELIGIBLE, backupEligible);
    Items.put(item, BACKED_UP, backedUp);
    List<AttributeValue> tr = new java.util.ArrayList<>();
    transports.forEach(t -> tr.add(AttributeValue.fromS(t)));
    item.put(TRANSPORTS, AttributeValue.fromL(tr));
    Items.put(item, AAGUID, aaguid);
    Items.put(item, NAME, name);
    Items.put(item, CREATED_AT, createdAt);
    Items.put(item, LAST_USED_AT, lastUsedAt);
    return item;
  }
}
