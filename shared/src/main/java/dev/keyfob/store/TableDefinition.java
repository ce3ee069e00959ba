package dev.keyfob.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The shape of keyfob's single DynamoDB table: key attribute names, the one secondary index and
 * the TTL attribute. {@code template.yaml} declares the same shape for deployments; the local API
 * and the tests create it with {@link #create}.
 */
public final class TableDefinition {

  /** Partition key, e.g. {@code USER#alice} or {@code ORG#acme}. */
  public static final String PK = "pk";
  /** Sort key, e.g. {@code STATE} or {@code AUDIT#...}. */
  public static final String SK = "sk";
  /** Index listing an org's members in user id order. */
  public static final String MEMBERS_INDEX = "gsi1";
  public static final String GSI1_PK = "gsi1pk";
  public static final String GSI1_SK = "gsi1sk";
  /** Epoch seconds after which DynamoDB may delete an item; expiry is also checked in code. */
  public static final String TTL = "ttl";

  private TableDefinition() {}

  /** The request that creates the table, on-demand billing. */
  public static CreateTableRequest createRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(PK), attribute(SK), attribute(GSI1_PK), attribute(GSI1_SK))
        .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(MEMBERS_INDEX)
            .keySchema(key(GSI1_PK, KeyType.HASH), key(GSI1_SK, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build())
        .build();
  }

  /**
   * Creates the table and turns on TTL unless it already exists; safe to call on every start.
   *
   * @return true if this call created the table
   */
  public static boolean create(DynamoDbClient dynamo, String tableName) {
    try {
      dynamo.createTable(createRequest(tableName));
    } catch (ResourceInUseException alreadyThere) {
      return false;
    }
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    dynamo.updateTimeToLive(b -> b.tableName(tableName)
        .timeToLiveSpecification(TimeToLiveSpecification.builder()
            .attributeName(TTL).enabled(true).build()));
    return true;
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name)
        .attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
