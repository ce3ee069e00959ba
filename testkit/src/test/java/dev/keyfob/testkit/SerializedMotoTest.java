package dev.keyfob.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * {@code serialized_moto.py}'s direct lookup of dict members writes the same responses as moto's
 * own serializer: this emulator writes every response both ways and answers 500 where they differ,
 * so each call below also checks that, for every DynamoDB attribute type (nested too), the reads
 * and writes keyfob makes, their errors with the old item, and the KMS calls. Its backup of only
 * the items a transaction names rolls a cancelled transaction back as a copy of the whole table
 * would: every item as it was, the ones updated in place included. Its scans and queries of a
 * table hand over the stored items, each sized once per call: pages still end where the items'
 * sizes of the moment say, and projections leave the stored items whole.
 */
class SerializedMotoTest {

  private static final String TABLE = "serializer-check";
  private static final Map<String, AttributeValue> KEY =
      Map.of("pk", s("USER#a"), "sk", s("FACTOR"));

  private static MotoServer moto;
  private static DynamoDbClient dynamo;
  private static KmsClient kms;

  @BeforeAll
  static void start() {
    moto = MotoServer.startCheckingResponses();
    dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(moto.endpoint()).region(Emulator.REGION)
        .credentialsProvider(Emulator.CREDENTIALS).build();
    kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(moto.endpoint()).region(Emulator.REGION)
        .credentialsProvider(Emulator.CREDENTIALS).build();
    dynamo.createTable(keyedTable(TABLE, ScalarAttributeType.S).build());
  }

  @AfterAll
  static void stop() throws IOException {
    if (moto != null) {
      String log = Files.readString(moto.log());
      moto.close();
      assertFalse(log.contains("responses differ"), log);
    }
  }

  @Test
  void everyAttributeTypeComesBackAsItWasWritten() {
    Map<String, AttributeValue> item = new HashMap<>(KEY);
    item.put("n", AttributeValue.fromN("12.5"));
    item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})));
    item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
    item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
    item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("p"),
        SdkBytes.fromByteArray(new byte[] {2, 3}))));
    item.put("m", AttributeValue.fromM(Map.of("in", s("v"),
        "bin", AttributeValue.fromB(SdkBytes.fromUtf8String("zz")),
        "deep", AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
            AttributeValue.fromBool(true), AttributeValue.fromNul(true),
            AttributeValue.fromM(Map.of()))))));
    item.put("l", AttributeValue.fromL(List.of()));
    item.put("t", AttributeValue.fromBool(false));
    item.put("z", AttributeValue.fromNul(true));
    dynamo.putItem(p -> p.tableName(TABLE).item(item));

    assertEquals(item, dynamo.getItem(g -> g.tableName(TABLE).key(KEY).consistentRead(true))
        .item());
    assertEquals(List.of(item), dynamo.query(q -> q.tableName(TABLE)
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", s("USER#a")))).items());
    assertTrue(dynamo.scan(r -> r.tableName(TABLE).consistentRead(true)).items().contains(item));
    Map<String, AttributeValue> updated = dynamo.updateItem(u -> u.tableName(TABLE).key(KEY)
        .updateExpression("SET n = n + :one")
        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
        .returnValues(ReturnValue.ALL_NEW)).attributes();
    assertEquals("13.5", updated.get("n").n());
    assertEquals(item.get("m"), updated.get("m"));

    ConditionalCheckFailedException refused = assertThrows(
        ConditionalCheckFailedException.class, () -> dynamo.putItem(p -> p.tableName(TABLE)
            .item(KEY).conditionExpression("attribute_not_exists(pk)")
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    assertEquals(updated, refused.item());
    TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class,
        () -> dynamo.transactWriteItems(t -> t.transactItems(w -> w.put(p -> p.tableName(TABLE)
            .item(KEY).conditionExpression("attribute_not_exists(pk)")
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))));
    CancellationReason reason = cancelled.cancellationReasons().get(0);
    assertEquals("ConditionalCheckFailed", reason.code());
    assertEquals(updated, reason.item());
  }

  @Test
  void pagesOfAScanAndTheTableItselfAreDescribed() {
    for (int i = 0; i < 12; i++) {
      int n = i;
      dynamo.putItem(p -> p.tableName(TABLE).item(Map.of("pk", s("PAGE#" + n), "sk", s("S"),
          "v", AttributeValue.fromN(Integer.toString(n)))));
    }
    var first = dynamo.scan(r -> r.tableName(TABLE).limit(5));
    assertEquals(5, first.count());
    assertTrue(first.hasLastEvaluatedKey());
    var next = dynamo.scan(r -> r.tableName(TABLE).limit(5)
        .exclusiveStartKey(first.lastEvaluatedKey()));
    assertEquals(5, next.count());
    assertEquals(TABLE, dynamo.describeTable(d -> d.tableName(TABLE)).table().tableName());
    assertTrue(dynamo.listTables().tableNames().contains(TABLE));
  }

  @Test
  void kmsAnswersAsBefore() {
    String keyId = kms.createKey().keyMetadata().keyId();
    GenerateDataKeyResponse dataKey = kms.generateDataKey(g -> g.keyId(keyId)
        .keySpec(DataKeySpec.AES_256).encryptionContext(Map.of("user", "a")));
    assertEquals(dataKey.plaintext(), kms.decrypt(d -> d.ciphertextBlob(dataKey.ciphertextBlob())
        .encryptionContext(Map.of("user", "a"))).plaintext());
    assertEquals(KeyState.ENABLED, kms.describeKey(d -> d.keyId(keyId)).keyMetadata().keyState());
    kms.createAlias(a -> a.aliasName("alias/serializer-check").targetKeyId(keyId));
    assertTrue(kms.listAliases().aliases().stream()
        .anyMatch(a -> a.aliasName().equals("alias/serializer-check")));
  }

  @Test
  void aCancelledTransactionLeavesEveryItemOfEitherKindOfTableAsItWas() {
    String hashOnly = "serializer-check-hash-only";
    dynamo.createTable(t -> t.tableName(hashOnly).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
    for (String table : List.of(TABLE, hashOnly)) {
      boolean ranged = table.equals(TABLE);
      Function<String, Map<String, AttributeValue>> key = pk -> ranged
          ? Map.of("pk", s(pk), "sk", s("TX")) : Map.of("pk", s(pk));
      BiFunction<String, Map<String, AttributeValue>,
          Map<String, AttributeValue>> item = (pk, more) -> {
            Map<String, AttributeValue> all = new HashMap<>(key.apply(pk));
            all.putAll(more);
            return all;
          };
      dynamo.putItem(p -> p.tableName(table).item(item.apply("TX#updated", Map.of(
          "n", AttributeValue.fromN("1"), "l", AttributeValue.fromL(List.of(s("x"))),
          "m", AttributeValue.fromM(Map.of("k", s("v")))))));
      dynamo.putItem(p -> p.tableName(table).item(item.apply("TX#deleted", Map.of())));
      dynamo.putItem(p -> p.tableName(table).item(item.apply("TX#untouched",
          Map.of("n", AttributeValue.fromN("7")))));
      dynamo.putItem(p -> p.tableName(table).item(item.apply("TX#checked", Map.of())));
      var before = dynamo.scan(r -> r.tableName(table).consistentRead(true)).items();

      TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class,
          () -> dynamo.transactWriteItems(t -> t.transactItems(
              w -> w.update(u -> u.tableName(table).key(key.apply("TX#updated"))
                  .updateExpression("SET n = n + :one, l = list_append(l, :y), m.k = :w")
                  .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                      ":y", AttributeValue.fromL(List.of(s("y"))), ":w", s("w")))),
              w -> w.delete(d -> d.tableName(table).key(key.apply("TX#deleted"))),
              w -> w.put(p -> p.tableName(table).item(item.apply("TX#new", Map.of()))),
              w -> w.conditionCheck(c -> c.tableName(table).key(key.apply("TX#checked"))
                  .conditionExpression("attribute_not_exists(pk)")))));
      assertEquals("ConditionalCheckFailed", cancelled.cancellationReasons().get(3).code());
      assertEquals(new HashSet<>(before), new HashSet<>(
          dynamo.scan(r -> r.tableName(table).consistentRead(true)).items()), table);

      // The table rolled back to keeps taking writes, and a transaction that holds commits.
      dynamo.transactWriteItems(t -> t.transactItems(
          w -> w.update(u -> u.tableName(table).key(key.apply("TX#updated"))
              .updateExpression("SET n = n + :one")
              .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))),
          w -> w.delete(d -> d.tableName(table).key(key.apply("TX#deleted")))));
      assertEquals("2", dynamo.getItem(g -> g.tableName(table).key(key.apply("TX#updated"))
          .consistentRead(true)).item().get("n").n());
      assertFalse(dynamo.getItem(g -> g.tableName(table).key(key.apply("TX#deleted"))
          .consistentRead(true)).hasItem());
      assertEquals("7", dynamo.getItem(g -> g.tableName(table).key(key.apply("TX#untouched"))
          .consistentRead(true)).item().get("n").n());
    }
  }

  @Test
  void scansAndQueriesCutPagesByEachItemsSizeAsItIsNowAndLeaveTheItemsAsStored() {
    String pages = "serializer-check-pages";
    dynamo.createTable(keyedTable(pages, ScalarAttributeType.S, "kind")
        .globalSecondaryIndexes(g -> g.indexName("byKind")
            .keySchema(k -> k.attributeName("kind").keyType(KeyType.HASH))
            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))).build());
    Function<Integer, Map<String, AttributeValue>> key =
        n -> Map.of("pk", s("BIG"), "sk", s(Integer.toString(n)));
    BiConsumer<Integer, Integer> put = (n, blobLength) -> {
      Map<String, AttributeValue> item = new HashMap<>(key.apply(n));
      item.put("kind", s("k"));
      item.put("keep", s("yes"));
      item.put("payload", s("b".repeat(blobLength)));
      dynamo.putItem(p -> p.tableName(pages).item(item));
    };
    BiConsumer<Integer, Integer> resize = (n, blobLength) -> {
      // In two updates: moto refuses one whose old and new values together pass 400 kB.
      dynamo.updateItem(u -> u.tableName(pages).key(key.apply(n))
          .updateExpression("REMOVE payload"));
      dynamo.updateItem(u -> u.tableName(pages).key(key.apply(n))
          .updateExpression("SET payload = :b")
          .expressionAttributeValues(Map.of(":b", s("b".repeat(blobLength)))));
    };
    IntSupplier firstScanPage = () -> dynamo.scan(r -> r.tableName(pages).consistentRead(true))
        .count();
    IntSupplier firstQueryPage = () -> dynamo.query(q -> q.tableName(pages)
        .consistentRead(true).keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", s("BIG")))).count();
    for (int n = 1; n <= 4; n++) {
      put.accept(n, 300_000);
    }
    // Pages end before the item that would take them past 1 MB: 3 items of 300 kB, then 4 once
    // the first is small, then 2 once the first two are 360 kB. Each read sizes the items as
    // they are then, also when they were updated in place.
    assertEquals(3, firstScanPage.getAsInt());
    assertEquals(3, firstQueryPage.getAsInt());
    resize.accept(1, 10);
    assertEquals(4, firstScanPage.getAsInt());
    assertEquals(4, firstQueryPage.getAsInt());
    resize.accept(1, 360_000);
    resize.accept(2, 360_000);
    assertEquals(2, firstScanPage.getAsInt());
    assertEquals(2, firstQueryPage.getAsInt());

    for (int n = 1; n <= 4; n++) {
      resize.accept(n, 1000);
    }
    var projected = dynamo.scan(r -> r.tableName(pages).consistentRead(true)
        .projectionExpression("pk, sk, keep").filterExpression("keep = :yes")
        .expressionAttributeValues(Map.of(":yes", s("yes")))).items();
    assertEquals(4, projected.size());
    assertTrue(projected.stream().allMatch(i -> i.keySet().equals(Set.of("pk", "sk", "keep"))));
    var keysOnly = dynamo.scan(r -> r.tableName(pages).indexName("byKind")).items();
    assertEquals(4, keysOnly.size());
    assertTrue(keysOnly.stream().allMatch(i -> i.keySet().equals(Set.of("pk", "sk", "kind"))));
    for (int n = 1; n <= 4; n++) {
      Map<String, AttributeValue> stored = key.apply(n);
      assertEquals(Set.of("pk", "sk", "kind", "keep", "payload"), dynamo.getItem(g -> g
          .tableName(pages).key(stored).consistentRead(true)).item().keySet(),
          "a projection answers new items; the stored ones keep every attribute");
    }
  }

  @Test
  void aScanListsItemsByPartitionThenByTheSortKeysValueOfItsType() {
    String ordered = "serializer-check-order";
    dynamo.createTable(keyedTable(ordered, ScalarAttributeType.N).build());
    for (String key : List.of("B 1", "A 10", "A 9", "A 100", "A -2.5")) {
      String[] parts = key.split(" ");
      dynamo.putItem(p -> p.tableName(ordered).item(Map.of("pk", s(parts[0]),
          "sk", AttributeValue.fromN(parts[1]))));
    }
    // Numbers in numeric order (as text, 10 and 100 would come before 9).
    assertEquals(List.of("A -2.5", "A 9", "A 10", "A 100", "B 1"),
        dynamo.scan(r -> r.tableName(ordered).consistentRead(true)).items().stream()
            .map(i -> i.get("pk").s() + " " + i.get("sk").n()).toList());
  }

  /**
   * A table keyed by a string {@code pk} and an {@code sk} of {@code sortKeyType}, with string
   * attributes {@code indexKeys} defined for indexes.
   */
  private static CreateTableRequest.Builder keyedTable(String name,
      ScalarAttributeType sortKeyType, String... indexKeys) {
    List<AttributeDefinition> attributes = new ArrayList<>(List.of(
        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S)
            .build(),
        AttributeDefinition.builder().attributeName("sk").attributeType(sortKeyType).build()));
    for (String indexKey : indexKeys) {
      attributes.add(AttributeDefinition.builder().attributeName(indexKey)
          .attributeType(ScalarAttributeType.S).build());
    }
    return CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
            k -> k.attributeName("sk").keyType(KeyType.RANGE))
        .attributeDefinitions(attributes);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
