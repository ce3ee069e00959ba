package dev.keyfob.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import dev.keyfob.problem.DependencyUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** {@link OrgRepository} on the keyfob DynamoDB table. Thread-safe. */
public final class DynamoOrgRepository implements OrgRepository {

  /** The most puts DynamoDB takes in one BatchWriteItem. */
  private static final int BATCH_WRITE_LIMIT = 25;
  private static final int UNPROCESSED_RETRIES = 4;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Writer writer;
  private final AccountRepository accounts;

  public DynamoOrgRepository(DynamoDbClient dynamo, String table, AccountRepository accounts) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = new Writer(dynamo, table);
    this.accounts = accounts;
  }

  @Override
  public OrgSettings settings(String orgId) {
    try {
      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
          .key(Keys.orgSettings(orgId)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? OrgSettings.defaults(orgId)
          : OrgSettings.fromItem(item);
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  @Override
  public void saveSettings(OrgSettings expected, OrgSettings updated, SideEffects effects) {
    UpdateSpec u = new UpdateSpec(Keys.orgSettings(updated.orgId()));
    requireFlag(u, OrgSettings.TWO_FACTOR_REQUIRED, expected.twoFactorRequired());
    requireFlag(u, OrgSettings.SSO_ENABLED, expected.ssoEnabled());
    u.set("orgId", AttributeValue.fromS(updated.orgId()))
        .set(OrgSettings.TWO_FACTOR_REQUIRED, AttributeValue.fromBool(updated.twoFactorRequired()))
        .set(OrgSettings.SSO_ENABLED, AttributeValue.fromBool(updated.ssoEnabled()))
        .set(OrgSettings.GRACE_PERIOD_DAYS, updated.gracePeriodDays())
        .set(OrgSettings.CHANGED_BY, AttributeValue.fromS(updated.changedBy()))
        .set(OrgSettings.CHANGED_AT, updated.changedAt().toEpochMilli());
    if (updated.enforcedSince() == null) {
      u.remove(OrgSettings.ENFORCED_SINCE);
    } else {
      u.set(OrgSettings.ENFORCED_SINCE, updated.enforcedSince().toEpochMilli());
    }
    u.set(OrgSettings.REMEMBER_DEVICE_DAYS, updated.rememberDeviceDays());
    if (updated.devicesForgottenAt() != null) {
      u.set(OrgSettings.DEVICES_FORGOTTEN_AT, updated.devicesForgottenAt().toEpochMilli());
    }
    writer.write(u.build(table), effects);
  }

  private static void requireFlag(UpdateSpec u, String attribute, boolean expected) {
    String n = u.name(attribute);
    String v = u.value(AttributeValue.fromBool(expected));
    u.require(expected ? n + " = " + v : "attribute_not_exists(" + n + ") OR " + n + " = " + v);
  }

  @Override
  public Page<Membership> members(String orgId, int limit, String afterUserId) {
    Optional<String> after = Optional.ofNullable(afterUserId);
    QueryRequest.Builder q = membersQuery(orgId).limit(limit + 1);
    after.ifPresent(userId -> q.exclusiveStartKey(Map.of(
        TableDefinition.PK, AttributeValue.fromS(Keys.user(userId)),
        TableDefinition.SK, AttributeValue.fromS(Keys.org(orgId)),
        TableDefinition.GSI1_PK, AttributeValue.fromS(Keys.org(orgId)),
        TableDefinition.GSI1_SK, AttributeValue.fromS(Keys.member(userId)))));
    QueryResponse response = query(q.build());
    return pageOf(mapAll(response, Membership::fromItem), response.hasLastEvaluatedKey(), limit,
        Membership::userId);
  }

  @Override
  public MemberCounts memberCounts(String orgId) {
    List<String> userIds = new ArrayList<>();
    try {
      dynamo.queryPaginator(membersQuery(orgId).projectionExpression("userId").build())
          .items().forEach(item -> userIds.add(Items.string(item, "userId")));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
    int enrolled = 0;
    for (UserState state : accounts.states(userIds)) {
      if (state.hasFactor()) {
        enrolled++;
      }
    }
    return new MemberCounts(userIds.size(), enrolled);
  }

  @Override
  public Page<AuditEvent> auditEvents(String orgId, int limit, String afterEventId) {
    Optional<String> after = Optional.ofNullable(afterEventId);
    QueryRequest.Builder q = QueryRequest.builder().tableName(table)
        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :audit)")
        .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.org(orgId)),
            ":audit", AttributeValue.fromS(Keys.AUDIT_PREFIX)))
        .scanIndexForward(false)
        .limit(limit + 1);
    after.ifPresent(id -> q.exclusiveStartKey(Map.of(
        TableDefinition.PK, AttributeValue.fromS(Keys.org(orgId)),
        TableDefinition.SK, AttributeValue.fromS(Keys.AUDIT_PREFIX + id))));
    QueryResponse response = query(q.build());
    return pageOf(mapAll(response, AuditEvent::fromItem), response.hasLastEvaluatedKey(), limit,
        AuditEvent::id);
  }

  @Override
  public void appendAuditEvents(List<AuditEvent> events) {
    // Plain batched puts, not a transaction: each event has a fresh random id, so a retried put
    // writes the same item again, and a transaction's cost grows with its size.
    for (int from = 0; from < events.size(); from += BATCH_WRITE_LIMIT) {
      List<WriteRequest> chunk = new ArrayList<>();
      for (AuditEvent event : events.subList(from,
          Math.min(events.size(), from + BATCH_WRITE_LIMIT))) {
        chunk.add(WriteRequest.builder()
            .putRequest(PutRequest.builder().item(event.toItem()).build()).build());
      }
      Map<String, List<WriteRequest>> request = Map.of(table, chunk);
      for (int attempt = 0; !request.isEmpty(); attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw new DependencyUnavailableException("dynamodb", null);
        }
        if (attempt > 0) {
          Backoff.pause(attempt);
        }
        Map<String, List<WriteRequest>> current = request;
        try {
          BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(current));
          request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        } catch (SdkException e) {
          throw DynamoErrors.translate(e);
        }
      }
    }
  }

  /** An org's members in user id order, from the members index (eventually consistent). */
  private QueryRequest.Builder membersQuery(String orgId) {
    return QueryRequest.builder().tableName(table).indexName(TableDefinition.MEMBERS_INDEX)
        .keyConditionExpression("#pk = :pk")
        .expressionAttributeNames(Map.of("#pk", TableDefinition.GSI1_PK))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.org(orgId))));
  }

  private QueryResponse query(QueryRequest request) {
    try {
      return dynamo.query(request);
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  private static <T> List<T> mapAll(QueryResponse response,
      Function<Map<String, AttributeValue>, T> mapper) {
    List<T> result = new ArrayList<>(response.items().size());
    for (Map<String, AttributeValue> item : response.items()) {
      result.add(mapper.apply(item));
    }
    return result;
  }

  /**
   * Reads one item more than asked so that the last page says so (no cursor) instead of
   * leading to an empty page.
   */
  private static <T> Page<T> pageOf(List<T> read, boolean storageHasMore, int limit,
      Function<T, String> keyOf) {
    if (read.size() > limit) {
      List<T> items = read.subList(0, limit);
      return new Page<>(items, keyOf.apply(items.get(limit - 1)));
    }
    String next = storageHasMore && !read.isEmpty() ? keyOf.apply(read.get(read.size() - 1))
        : null;
    return new Page<>(read, next);
  }
}
