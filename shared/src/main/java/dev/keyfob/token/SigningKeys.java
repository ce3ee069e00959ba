package dev.keyfob.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.keyfob.crypto.EncryptionBinding;
import dev.keyfob.crypto.EnvelopeCipher;
import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.store.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The ES256 (P-256) key pairs keyfob signs MFA tokens with, kept in the keyfob DynamoDB table with
 * each private key envelope-encrypted by an {@link EnvelopeCipher} bound to ({@value #PURPOSE},
 * kid).
 *
 * <h2>Items</h2>
 *
 * <p>All under partition key {@value #PARTITION}:
 *
 * <ul>
 *   <li>sort key {@code KEY#<kid>}, one per key ever made: {@code kid}; {@code status} {@code
 *       ACTIVE} or {@code RETIRED}; {@code publicJwk} (public JWK as a JSON string); {@code
 *       privateKey} (binary envelope of the private JWK's JSON); {@code createdAt} and, once
 *       retired, {@code retiredAt} (ISO-8601 UTC strings).
 *   <li>sort key {@value #ACTIVE_SORT_KEY}, the pointer: {@code activeKid}, {@code updatedAt}, and
 *       a copy of the active key's {@code publicJwk}, {@code privateKey} and {@code createdAt}, so
 *       that loading the signing key is one {@code GetItem} and one KMS {@code Decrypt}.
 * </ul>
 *
 * <p>The kid is the key's RFC 7638 SHA-256 thumbprint (base64url), so it commits to the public
 * key, and a loaded private key is checked to belong to its kid and stored public key.
 *
 * <h2>Caching and cost</h2>
 *
 * <p>{@link #activeSigningKey()} decrypts the active key once per instance and then re-reads only
 * the pointer, at most every {@link #POINTER_RECHECK_INTERVAL} (one {@code GetItem}, and one KMS
 * call only when the active kid changed). Nothing is loaded at construction, so a SnapStart
 * snapshot taken before the first call holds no key; after a restore call {@link
 * #forgetCachedKeys()} if one was loaded. The first call on an empty table creates the first key;
 * processes racing to do so agree on one through a conditional write. {@link #publicJwks()} and
 * {@link #publicKey(String)} read public keys only (a {@code Query}, no KMS), cached for {@link
 * #PUBLIC_KEYS_CACHE_TTL}, refreshed early for an unknown kid at most once per {@link
 * #UNKNOWN_KID_REFRESH_INTERVAL}. All intervals are measured with the injected clock.
 *
 * <h2>Rotation</h2>
 *
 * <p>{@link #rotate()} makes a new active key and retires the old one in one transaction. Retired
 * keys stay published for {@link #RETIRED_KEY_PUBLICATION}: the longest MFA token lifetime ({@link
 * #MAX_TOKEN_LIFETIME}) plus the pointer re-check interval (an environment may sign with the old
 * key that long after a rotation elsewhere) plus clock leeway, rounded up.
 *
 * <h2>Failures</h2>
 *
 * <p>DynamoDB unreachable or failing: {@link DependencyUnavailableException} {@code "dynamodb"}.
 * KMS unreachable, or refusing to decrypt a stored key (wrong key, tampered item, missing
 * permission): {@link DependencyUnavailableException} {@code "kms"}, the cause says which. A stored
 * item that is structurally corrupt: {@link IllegalStateException}. Private key material never
 * appears in messages or {@link #toString()}; callers must not log the {@link ECKey} that
 * {@link #activeSigningKey()} returns (its {@code toString()} is its JSON, private part included).
 *
 * <p>Thread-safe; one instance per execution environment.
 */
public final class SigningKeys {

  /** Partition key of every signing key item. */
  public static final String PARTITION = "SIGNING_KEYS";
  /** Sort key of the pointer to the active key. */
  public static final String ACTIVE_SORT_KEY = "ACTIVE";
  /** Sort key prefix of key items; the kid follows. */
  public static final String KEY_SORT_PREFIX = "KEY#";
  /** Purpose of the {@link EncryptionBinding} of private keys; the subject is the kid. */
  public static final String PURPOSE = "mfa-signing-key";

  /** Longest lifetime of an MFA token; {@link MfaTokenIssuer} refuses a longer TTL. */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);
  /** How often {@link #activeSigningKey()} re-reads the pointer. */
  public static final Duration POINTER_RECHECK_INTERVAL = Duration.ofMinutes(5);
  /** How long a retired key's public key stays published after {@code retiredAt}. */
  public static final Duration RETIRED_KEY_PUBLICATION = Duration.ofHours(25);
  /** How long the published public keys are cached. */
  public static final Duration PUBLIC_KEYS_CACHE_TTL = Duration.ofSeconds(60);
  /** Least time between two early refreshes caused by unknown kids. */
  public static final Duration UNKNOWN_KID_REFRESH_INTERVAL = Duration.ofSeconds(1);

  static final String STATUS_ACTIVE = "ACTIVE";
  static final String STATUS_RETIRED = "RETIRED";

  private static final String A_KID = "kid";
  private static final String A_STATUS = "status";
  private static final String A_PUBLIC_JWK = "publicJwk";
  private static final String A_PRIVATE_KEY = "privateKey";
  private static final String A_CREATED_AT = "createdAt";
  private static final String A_RETIRED_AT = "retiredAt";
  private static final String A_ACTIVE_KID = "activeKid";
  private static final String A_UPDATED_AT = "updatedAt";

  private static final int CREATE_ATTEMPTS = 3;

  private final DynamoDbClient dynamo;
  private final String tableName;
  private final EnvelopeCipher cipher;
  private final Clock clock;

  private final Object activeLock = new Object();
  private final Object publicLock = new Object();
  private volatile ActiveKey active;
  private volatile PublishedKeys published;

  /** The decrypted active key and when the pointer was last seen naming it. */
  private record ActiveKey(String kid, ECKey key, Instant checkedAt) {
    @Override
    public String toString() {
      return "ActiveKey[kid=" + kid + "]";
    }
  }

  /** Public keys as of {@code loadedAt}, by kid, in table order. */
  private record PublishedKeys(Map<String, ECKey> byKid, Instant loadedAt) {}

  /**
   * @param dynamo client for the keyfob table
   * @param tableName the keyfob table ({@code KEYFOB_TABLE_NAME})
   * @param cipher envelope cipher for the private keys
   * @param clock source of "now" for timestamps and cache intervals
   */
  public SigningKeys(DynamoDbClient dynamo, String tableName, EnvelopeCipher cipher, Clock clock) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("tableName must not be blank");
    }
    this.tableName = tableName;
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The key to sign new MFA tokens with: private, with kid, {@code use=sig}, {@code alg=ES256}.
   * Creates the first key if the table has none.
   *
   * @throws DependencyUnavailableException if DynamoDB or KMS cannot be used
   */
  public ECKey activeSigningKey() {
    ActiveKey current = active;
    if (current != null && !due(current.checkedAt, clock.instant(), POINTER_RECHECK_INTERVAL)) {
      return current.key;
    }
    synchronized (activeLock) {
      current = active;
      Instant now = clock.instant();
      if (current != null && !due(current.checkedAt, now, POINTER_RECHECK_INTERVAL)) {
        return current.key;
      }
      Map<String, AttributeValue> pointer = readPointer();
      ActiveKey next;
      if (pointer == null) {
        next = createFirstKey(now);
      } else if (current != null && current.kid.equals(string(pointer, A_ACTIVE_KID))) {
        next = new ActiveKey(current.kid, current.key, now);
      } else {
        next = decryptPointer(pointer, now);
      }
      active = next;
      rememberPublic(next.key);
      return next.key;
    }
  }

  /**
   * The public keys tokens may currently be signed with: every active key and every key retired
   * less than {@link #RETIRED_KEY_PUBLICATION} ago. No KMS call; cached for {@link
   * #PUBLIC_KEYS_CACHE_TTL}. Empty until the first key exists.
   *
   * @throws DependencyUnavailableException if DynamoDB cannot be used
   */
  public JWKSet publicJwks() {
    PublishedKeys keys = published;
    if (keys == null || due(keys.loadedAt, clock.instant(), PUBLIC_KEYS_CACHE_TTL)) {
      keys = reloadPublished(null);
    }
    return new JWKSet(new ArrayList<JWK>(keys.byKid.values()));
  }

  /**
   * The published public key with this kid. An unknown kid triggers one early reload, at most
   * once per {@link #UNKNOWN_KID_REFRESH_INTERVAL}, so a key made moments ago by another
   * environment is found.
   *
   * @throws DependencyUnavailableException if DynamoDB cannot be used
   */
  public Optional<ECKey> publicKey(String kid) {
    if (kid == null || kid.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    PublishedKeys keys = published;
    if (keys == null || due(keys.loadedAt, now, PUBLIC_KEYS_CACHE_TTL)) {
      keys = reloadPublished(null);
    }
    ECKey key = keys.byKid.get(kid);
    if (key == null && due(keys.loadedAt, now, UNKNOWN_KID_REFRESH_INTERVAL)) {
      key = reloadPublished(keys).byKid.get(kid);
    }
    return Optional.ofNullable(key);
  }

  /**
   * Makes a new active key, retires the current one and switches the pointer, in one
   * transaction conditioned on the pointer still naming the current key. On an empty table this
   * creates the first key.
   *
   * @return the new active kid
   * @throws IllegalStateException if another process rotated at the same time (nothing changed;
   *     try again)
   * @throws DependencyUnavailableException if DynamoDB or KMS cannot be used
   */
  public String rotate() {
    synchronized (activeLock) {
      Instant now = clock.instant();
      Map<String, AttributeValue> pointer = readPointer();
      ActiveKey next;
      if (pointer == null) {
        next = createFirstKey(now);
      } else {
        String oldKid = string(pointer, A_ACTIVE_KID);
        NewKey fresh = newKey(now);
        List<TransactWriteItem> writes = List.of(
            TransactWriteItem.builder().put(putKeyItem(fresh)).build(),
            TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(key(KEY_SORT_PREFIX + oldKid))
                .updateExpression("SET #status = :retired, #retiredAt = :now")
                .conditionExpression("#status = :active")
                .expressionAttributeNames(Map.of("#status", A_STATUS, "#retiredAt", A_RETIRED_AT))
                .expressionAttributeValues(Map.of(
                    ":retired", s(STATUS_RETIRED), ":active", s(STATUS_ACTIVE),
                    ":now", s(now.toString())))
                .build()).build(),
            TransactWriteItem.builder().put(putPointer(fresh, now)
                .conditionExpression("#activeKid = :old")
                .expressionAttributeNames(Map.of("#activeKid", A_ACTIVE_KID))
                .expressionAttributeValues(Map.of(":old", s(oldKid)))
                .build()).build());
        try {
          dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
          throw new IllegalStateException("the signing key was rotated concurrently; try again",
              e);
        } catch (SdkException e) {
          throw new DependencyUnavailableException("dynamodb", e);
        }
        next = new ActiveKey(fresh.kid, fresh.key, now);
      }
      active = next;
      synchronized (publicLock) {
        published = null;
      }
      return next.kid;
    }
  }

  /**
   * Drops every cached key, private and public, so the next call reloads them. Call after a
   * SnapStart restore if a key was loaded before the snapshot.
   */
  public void forgetCachedKeys() {
    synchronized (activeLock) {
      active = null;
    }
    synchronized (publicLock) {
      published = null;
    }
  }

  @Override
  public String toString() {
    ActiveKey current = active;
    return "SigningKeys[table=" + tableName + ", activeKid="
        + (current == null ? "(not loaded)" : current.kid) + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** A freshly generated key with its stored forms. */
  private record NewKey(String kid, ECKey key, String publicJwk, byte[] envelope,
      Instant createdAt) {
    @Override
    public String toString() {
      return "NewKey[kid=" + kid + "]";
    }
  }

  private NewKey newKey(Instant now) {
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint(true)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
    }
    byte[] privateJson = key.toJSONString().getBytes(StandardCharsets.UTF_8);
    byte[] envelope;
    try {
      envelope = cipher.encrypt(privateJson, binding(key.getKeyID()));
    } catch (GeneralSecurityException e) {
      throw new DependencyUnavailableException("kms", e);
    } finally {
      Arrays.fill(privateJson, (byte) 0);
    }
    return new NewKey(key.getKeyID(), key, key.toPublicJWK().toJSONString(), envelope, now);
  }

  /** Creates the first key, or adopts the one a concurrent process created first. */
  private ActiveKey createFirstKey(Instant now) {
    for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
      NewKey fresh = newKey(now);
      List<TransactWriteItem> writes = List.of(
          TransactWriteItem.builder().put(putKeyItem(fresh)).build(),
          TransactWriteItem.builder().put(putPointer(fresh, now)
              .conditionExpression("attribute_not_exists(#pk)")
              .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
              .build()).build());
      try {
        dynamo.transactWriteItems(b -> b.transactItems(writes));
        return new ActiveKey(fresh.kid, fresh.key, now);
      } catch (TransactionCanceledException lost) {
        // Another process created a key first (or its transaction collided with ours): use the
        // key the pointer names, if there is one by now.
        Map<String, AttributeValue> pointer = readPointer();
        if (pointer != null) {
          return decryptPointer(pointer, now);
        }
      } catch (SdkException e) {
        throw new DependencyUnavailableException("dynamodb", e);
      }
    }
    throw new DependencyUnavailableException("dynamodb",
        new IllegalStateException("could not create or read the first signing key"));
  }

  private Put.Builder putPointer(NewKey fresh, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>(key(ACTIVE_SORT_KEY));
    item.put(A_ACTIVE_KID, s(fresh.kid));
    item.put(A_PUBLIC_JWK, s(fresh.publicJwk));
    item.put(A_PRIVATE_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(fresh.envelope)));
    item.put(A_CREATED_AT, s(fresh.createdAt.toString()));
    item.put(A_UPDATED_AT, s(now.toString()));
    return Put.builder().tableName(tableName).item(item);
  }

  private Put putKeyItem(NewKey fresh) {
    Map<String, AttributeValue> item = new HashMap<>(key(KEY_SORT_PREFIX + fresh.kid));
    item.put(A_KID, s(fresh.kid));
    item.put(A_STATUS, s(STATUS_ACTIVE));
    item.put(A_PUBLIC_JWK, s(fresh.publicJwk));
    item.put(A_PRIVATE_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(fresh.envelope)));
    item.put(A_CREATED_AT, s(fresh.createdAt.toString()));
    return Put.builder().tableName(tableName).item(item)
        .conditionExpression("attribute_not_exists(#pk)")
        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
        .build();
  }

  private Map<String, AttributeValue> readPointer() {
    GetItemResponse response;
    try {
      response = dynamo.getItem(b -> b.tableName(tableName)
          .key(key(ACTIVE_SORT_KEY))
          .consistentRead(true));
    } catch (SdkException e) {
      throw new DependencyUnavailableException("dynamodb", e);
    }
    return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
  }

  /** Decrypts the key copy in the pointer item and checks it is the key the pointer names. */
  private ActiveKey decryptPointer(Map<String, AttributeValue> pointer, Instant now) {
    String kid = string(pointer, A_ACTIVE_KID);
    AttributeValue envelope = pointer.get(A_PRIVATE_KEY);
    if (envelope == null || envelope.b() == null) {
      throw new IllegalStateException("the active signing key item has no private key");
    }
    ECKey storedPublic = parsePublic(string(pointer, A_PUBLIC_JWK), kid);
    byte[] plaintext;
    try {
      plaintext = cipher.decrypt(envelope.b().asByteArray(), binding(kid));
    } catch (GeneralSecurityException e) {
      // KeyServiceUnavailableException (unreachable) or a refusal (tampered item, wrong key,
      // missing permission): either way no token can be signed now; the cause tells which.
      throw new DependencyUnavailableException("kms", e);
    }
    try {
      ECKey key = ECKey.parse(new String(plaintext, StandardCharsets.UTF_8));
      if (!key.isPrivate() || !kid.equals(key.getKeyID())
          || !Curve.P_256.equals(key.getCurve())
          || !kid.equals(key.computeThumbprint().toString())
          || !kid.equals(storedPublic.computeThumbprint().toString())) {
        throw new IllegalStateException("the active signing key does not match its kid");
      }
      return new ActiveKey(kid, key, now);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("the active signing key cannot be read");
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static ECKey parsePublic(String json, String kid) {
    ECKey key;
    try {
      key = ECKey.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("stored public key " + kid + " cannot be read");
    }
    if (key.isPrivate() || !kid.equals(key.getKeyID()) || !Curve.P_256.equals(key.getCurve())) {
      throw new IllegalStateException("stored public key " + kid + " does not match its kid");
    }
    return key;
  }

  private void rememberPublic(ECKey key) {
    synchronized (publicLock) {
      PublishedKeys keys = published;
      if (keys != null && !keys.byKid.containsKey(key.getKeyID())) {
        Map<String, ECKey> byKid = new LinkedHashMap<>(keys.byKid);
        byKid.put(key.getKeyID(), key.toPublicJWK());
        published = new PublishedKeys(Collections.unmodifiableMap(byKid), keys.loadedAt);
      }
    }
  }

  /**
   * Reloads the public keys unless another thread did since {@code seen} was current (or, with
   * {@code seen} null, unless the cache is fresh).
   */
  private PublishedKeys reloadPublished(PublishedKeys seen) {
    synchronized (publicLock) {
      PublishedKeys keys = published;
      Instant now = clock.instant();
      if (keys != null && keys != seen && !due(keys.loadedAt, now, PUBLIC_KEYS_CACHE_TTL)) {
        return keys;
      }
      Map<String, ECKey> byKid = new LinkedHashMap<>();
      Map<String, AttributeValue> startKey = null;
      do {
        QueryRequest.Builder q = QueryRequest.builder()
            .tableName(tableName)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .projectionExpression("#kid, #status, #publicJwk, #retiredAt")
            .expressionAttributeNames(Map.of("#pk", TableDefinition.PK,
                "#sk", TableDefinition.SK, "#kid", A_KID, "#status", A_STATUS,
                "#publicJwk", A_PUBLIC_JWK, "#retiredAt", A_RETIRED_AT))
            .expressionAttributeValues(Map.of(":pk", s(PARTITION),
                ":prefix", s(KEY_SORT_PREFIX)));
        if (startKey != null) {
          q.exclusiveStartKey(startKey);
        }
        QueryResponse page;
        try {
          page = dynamo.query(q.build());
        } catch (SdkException e) {
          throw new DependencyUnavailableException("dynamodb", e);
        }
        for (Map<String, AttributeValue> item : page.items()) {
          if (published(item, now)) {
            String kid = string(item, A_KID);
            byKid.put(kid, parsePublic(string(item, A_PUBLIC_JWK), kid));
          }
        }
        startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
            ? page.lastEvaluatedKey() : null;
      } while (startKey != null);
      keys = new PublishedKeys(Collections.unmodifiableMap(byKid), now);
      published = keys;
      return keys;
    }
  }

  private static boolean published(Map<String, AttributeValue> item, Instant now) {
    String status = string(item, A_STATUS);
    if (STATUS_ACTIVE.equals(status)) {
      return true;
    }
    if (!STATUS_RETIRED.equals(status)) {
      return false;
    }
    try {
      Instant retiredAt = Instant.parse(string(item, A_RETIRED_AT));
      return now.isBefore(retiredAt.plus(RETIRED_KEY_PUBLICATION));
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("a retired signing key has an unreadable retiredAt");
    }
  }

  private static EncryptionBinding binding(String kid) {
    return new EncryptionBinding(PURPOSE, kid);
  }

  /** Whether at least {@code interval} passed since {@code since}; a clock gone back counts too. */
  private static boolean due(Instant since, Instant now, Duration interval) {
    return now.isBefore(since) || !now.isBefore(since.plus(interval));
  }

  private static Map<String, AttributeValue> key(String sortKey) {
    return Map.of(TableDefinition.PK, s(PARTITION), TableDefinition.SK, s(sortKey));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      throw new IllegalStateException("signing key item lacks " + name);
    }
    return value.s();
  }
}
