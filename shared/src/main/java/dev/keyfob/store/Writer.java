package dev.keyfob.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Runs a state change and its {@link SideEffects} as one DynamoDB call: a single conditional
 * {@code UpdateItem}/{@code PutItem}/{@code DeleteItem} when there is one write, otherwise one
 * {@code TransactWriteItems}, so every change is all-or-nothing and costs one call.
 */
final class Writer {

  private final DynamoDbClient dynamo;
  private final String table;

  Writer(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  String table() {
    return table;
  }

  /**
   * @throws ConcurrentUpdateException if any condition failed; nothing was written
   * @throws dev.keyfob.problem.DependencyUnavailableException if DynamoDB could not be reached
   */
  void write(List<TransactWriteItem> primary, SideEffects effects) {
    List<TransactWriteItem> items = new ArrayList<>(primary);
    if (effects.membership() != null) {
      items.addAll(membershipUpsert(effects.membership()));
    }
    for (AuditEvent event : effects.events()) {
      items.add(put(event.toItem(), true));
    }
    try {
      if (items.size() == 1) {
        writeOne(items.get(0));
      } else {
        dynamo.transactWriteItems(b -> b.transactItems(items));
      }
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  void write(TransactWriteItem primary, SideEffects effects) {
    write(List.of(primary), effects);
  }

  TransactWriteItem put(Map<String, AttributeValue> item, boolean mustBeNew) {
    Put.Builder put = Put.builder().tableName(table).item(item);
    if (mustBeNew) {
      put.conditionExpression("attribute_not_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", TableDefinition.PK));
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  TransactWriteItem delete(Map<String, AttributeValue> key) {
    return TransactWriteItem.builder()
        .delete(Delete.builder().tableName(table).key(key).build()).build();
  }

  /**
   * Records a membership, keeping the first-seen time of an earlier record, and adds the org to
   * the user's set of orgs (an idempotent ADD, so concurrent recordings need no condition).
   */
  List<TransactWriteItem> membershipUpsert(Membership m) {
    UpdateSpec spec = new UpdateSpec(Keys.membership(m.userId(), m.orgId()))
        .set("userId", AttributeValue.fromS(m.userId()))
        .set("orgId", AttributeValue.fromS(m.orgId()))
        .set(TableDefinition.GSI1_PK, AttributeValue.fromS(Keys.org(m.orgId())))
        .set(TableDefinition.GSI1_SK, AttributeValue.fromS(Keys.member(m.userId())))
        .setIfAbsent(Membership.FIRST_SEEN_AT, AttributeValue.fromN(Long.toString(
            (m.firstSeenAt() == null ? Instant.EPOCH : m.firstSeenAt()).toEpochMilli())));
    if (m.email() != null) {
      spec.set(Membership.EMAIL, AttributeValue.fromS(m.email()));
    } else {
      spec.remove(Membership.EMAIL);
    }
    UpdateSpec orgs = new UpdateSpec(Keys.userOrgs(m.userId()))
        .addToSet(Membership.ORG_IDS, AttributeValue.fromSs(List.of(m.orgId())));
    return List.of(spec.build(table), orgs.build(table));
  }

  private void writeOne(TransactWriteItem item) {
    if (item.update() != null) {
      Update u = item.update();
      dynamo.updateItem(b -> b.tableName(u.tableName()).key(u.key())
          .updateExpression(u.updateExpression())
          .conditionExpression(u.conditionExpression())
          .expressionAttributeNames(u.expressionAttributeNames().isEmpty()
              ? null : u.expressionAttributeNames())
          .expressionAttributeValues(u.expressionAttributeValues().isEmpty()
              ? null : u.expressionAttributeValues()));
    } else if (item.put() != null) {
      Put p = item.put();
      dynamo.putItem(b -> b.tableName(p.tableName()).item(p.item())
          .conditionExpression(p.conditionExpression())
          .expressionAttributeNames(p.expressionAttributeNames().isEmpty()
              ? null : p.expressionAttributeNames()));
    } else if (item.delete() != null) {
      Delete d = item.delete();
      dynamo.deleteItem(b -> b.tableName(d.tableName()).key(d.key())
          .conditionExpression(d.conditionExpression())
          .expressionAttributeNames(d.expressionAttributeNames().isEmpty()
              ? null : d.expressionAttributeNames())
          .expressionAttributeValues(d.expressionAttributeValues().isEmpty()
              ? null : d.expressionAttributeValues()));
    } else {
      throw new IllegalArgumentException("unsupported write");
    }
  }
}
