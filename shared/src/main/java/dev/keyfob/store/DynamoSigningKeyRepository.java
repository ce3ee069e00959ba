package dev.keyfob.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link SigningKeyRepository} on the keyfob table, partition {@value Keys#SIGNING_KEYS}:
 *
 * <ul>
 *   <li>{@code KEY#<kid>}, one per key ever made: {@code kid}, {@code status} ({@code ACTIVE} or
 *       {@code RETIRED}), {@code publicJwk} (JSON), {@code privateKey} (binary envelope),
 *       {@code createdAt} and, once retired, {@code retiredAt};
 *   <li>{@code ACTIVE}, the pointer: {@code activeKid}, {@code updatedAt} and a copy of the
 *       active key's {@code publicJwk}, {@code privateKey} and {@code createdAt}.
 * </ul>
 *
 * <p>Times are epoch milliseconds like every other item; items written before that, with ISO-8601
 * strings, are still read. Reads are strongly consistent. Thread-safe.
 */
public final class DynamoSigningKeyRepository implements SigningKeyRepository {

  static final String KID = "kid";
  static final String STATUS = "status";
  static final String PUBLIC_JWK = "publicJwk";
  static final String PRIVATE_KEY = "privateKey";
  static final String CREATED_AT = "createdAt";
  static final String RETIRED_AT = "retiredAt";
  static final String ACTIVE_KID = "activeKid";
  static final String UPDATED_AT = "updatedAt";
  private static final String ACTIVE = "ACTIVE";
  private static final String RETIRED = "RETIRED";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Writer writer;

  public DynamoSigningKeyRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = new Writer(dynamo, table);
  }

  @Override
  public Optional<SigningKeyRecord> active() {
    GetItemResponse response;
    try {
      response = dynamo.getItem(b -> b.tableName(table).key(Keys.activeSigningKey())
          .consistentRead(true));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> pointer = response.item();
    return Optional.of(new SigningKeyRecord(required(pointer, ACTIVE_KID), true,
        required(pointer, PUBLIC_JWK), Items.bytes(pointer, PRIVATE_KEY),
        time(pointer, CREATED_AT), null));
  }

  @Override
  public List<SigningKeyRecord> publicKeys() {
    List<SigningKeyRecord> keys = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
          .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
          .projectionExpression("#kid, #status, #publicJwk, #createdAt, #retiredAt")
          .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK,
              "#kid", KID, "#status", STATUS, "#publicJwk", PUBLIC_JWK,
              "#createdAt", CREATED_AT, "#retiredAt", RETIRED_AT))
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.SIGNING_KEYS),
              ":prefix", AttributeValue.fromS(Keys.SIGNING_KEY_PREFIX)));
      if (startKey != null) {
        q.exclusiveStartKey(startKey);
      }
      QueryResponse page;
      try {
        page = dynamo.query(q.build());
      } catch (SdkException e) {
        throw DynamoErrors.translate(e);
      }
      for (Map<String, AttributeValue> item : page.items()) {
        String status = required(item, STATUS);
        if (!ACTIVE.equals(status) && !RETIRED.equals(status)) {
          throw new IllegalStateException("signing key " + item.get(KID) + " has status "
              + status);
        }
        keys.add(new SigningKeyRecord(required(item, KID), ACTIVE.equals(status),
            required(item, PUBLIC_JWK), null, time(item, CREATED_AT), time(item, RETIRED_AT)));
      }
      startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
          ? page.lastEvaluatedKey() : null;
    } while (startKey != null);
    return keys;
  }

  @Override
  public void createFirst(SigningKeyRecord key) {
    writer.write(List.of(writer.put(keyItem(key), true),
        writer.put(pointerItem(key, key.createdAt()), true)), SideEffects.NONE);
  }

  @Override
  public void rotate(SigningKeyRecord fresh, String currentKid, Instant now) {
    UpdateSpec retire = new UpdateSpec(Keys.signingKey(currentKid))
        .set(STATUS, AttributeValue.fromS(RETIRED))
        .set(RETIRED_AT, now.toEpochMilli());
    retire.require(retire.name(STATUS) + " = " + retire.value(AttributeValue.fromS(ACTIVE)));
    UpdateSpec pointer = new UpdateSpec(Keys.activeSigningKey())
        .set(ACTIVE_KID, AttributeValue.fromS(fresh.kid()))
        .set(PUBLIC_JWK, AttributeValue.fromS(fresh.publicJwk()))
        .set(PRIVATE_KEY, AttributeValue.fromB(
            SdkBytes.fromByteArray(fresh.privateKeyEnvelope())))
        .set(CREATED_AT, fresh.createdAt().toEpochMilli())
        .set(UPDATED_AT, now.toEpochMilli());
    pointer.require(pointer.name(ACTIVE_KID) + " = "
        + pointer.value(AttributeValue.fromS(currentKid)));
    writer.write(List.of(writer.put(keyItem(fresh), true), retire.build(table),
        pointer.build(table)), SideEffects.NONE);
  }

  private static Map<String, AttributeValue> keyItem(SigningKeyRecord key) {
    Map<String, AttributeValue> item = Items.withKey(Keys.SIGNING_KEYS,
        Keys.SIGNING_KEY_PREFIX + key.kid());
    Items.put(item, KID, key.kid());
    Items.put(item, STATUS, key.active() ? ACTIVE : RETIRED);
    Items.put(item, PUBLIC_JWK, key.publicJwk());
    Items.put(item, PRIVATE_KEY, key.privateKeyEnvelope());
    Items.put(item, CREATED_AT, key.createdAt());
    Items.put(item, RETIRED_AT, key.retiredAt());
    return item;
  }

  private static Map<String, AttributeValue> pointerItem(SigningKeyRecord key, Instant now) {
    Map<String, AttributeValue> item = Items.withKey(Keys.SIGNING_KEYS, Keys.ACTIVE_SIGNING_KEY);
    Items.put(item, ACTIVE_KID, key.kid());
    Items.put(item, PUBLIC_JWK, key.publicJwk());
    Items.put(item, PRIVATE_KEY, key.privateKeyEnvelope());
    Items.put(item, CREATED_AT, key.createdAt());
    Items.put(item, UPDATED_AT, now);
    return item;
  }

  private static String required(Map<String, AttributeValue> item, String name) {
    String value = Items.string(item, name);
    if (value == null) {
      throw new IllegalStateException("a signing key item lacks " + name);
    }
    return value;
  }

  /** Epoch milliseconds, or an ISO-8601 string as items written before v1.1 hold it. */
  private static Instant time(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null) {
      return null;
    }
    if (v.n() != null) {
      return Instant.ofEpochMilli(Long.parseLong(v.n()));
    }
    try {
      return Instant.parse(v.s());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalStateException("a signing key item has an unreadable " + name);
    }
  }
}
