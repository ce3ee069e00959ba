package dev.keyfob.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;

/**
 * Records the AWS requests of a test as IAM evaluates them ({@link IamPolicies.Request}): the
 * action, the resource (table, index or key), the partition keys a DynamoDB request touches and
 * the KMS encryption context. A {@code TransactWriteItems} is one request per item it holds.
 */
final class IamActionRecorder implements ExecutionInterceptor {

  private static final Pattern PARTITION_VALUE = Pattern.compile("#\\w+ = (:\\w+)");

  private final List<IamPolicies.Request> requests = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Object r = context.request();
    if (service.equals("Kms")) {
      Map<String, String> ec = r instanceof GenerateDataKeyRequest g ? g.encryptionContext()
          : r instanceof DecryptRequest d ? d.encryptionContext() : Map.of();
      requests.add(new IamPolicies.Request("kms:" + operation, "key", List.of(), ec));
      return;
    }
    if (r instanceof TransactWriteItemsRequest transaction) {
      for (TransactWriteItem item : transaction.transactItems()) {
        if (item.put() != null) {
          dynamo("PutItem", "table", item.put().item());
        } else if (item.update() != null) {
          dynamo("UpdateItem", "table", item.update().key());
        } else if (item.delete() != null) {
          dynamo("DeleteItem", "table", item.delete().key());
        } else {
          dynamo("ConditionCheckItem", "table", item.conditionCheck().key());
        }
      }
    } else if (r instanceof GetItemRequest g) {
      dynamo(operation, "table", g.key());
    } else if (r instanceof PutItemRequest p) {
      dynamo(operation, "table", p.item());
    } else if (r instanceof UpdateItemRequest u) {
      dynamo(operation, "table", u.key());
    } else if (r instanceof DeleteItemRequest d) {
      dynamo(operation, "table", d.key());
    } else if (r instanceof BatchGetItemRequest b) {
      List<String> pks = new ArrayList<>();
      b.requestItems().values().forEach(k -> k.keys().forEach(key -> pks.add(pk(key))));
      requests.add(new IamPolicies.Request("dynamodb:" + operation, "table", pks, Map.of()));
    } else if (r instanceof BatchWriteItemRequest b) {
      List<String> pks = new ArrayList<>();
      b.requestItems().values().forEach(writes -> writes.forEach(w -> pks.add(pk(
          w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key()))));
      requests.add(new IamPolicies.Request("dynamodb:" + operation, "table", pks, Map.of()));
    } else if (r instanceof QueryRequest q) {
      Matcher m = PARTITION_VALUE.matcher(q.keyConditionExpression());
      if (!m.find()) {
        throw new IllegalStateException("no partition key in " + q.keyConditionExpression());
      }
      requests.add(new IamPolicies.Request("dynamodb:" + operation,
          q.indexName() == null ? "table" : "index/" + q.indexName(),
          List.of(q.expressionAttributeValues().get(m.group(1)).s()), Map.of()));
    } else {
      requests.add(new IamPolicies.Request("dynamodb:" + operation, "table", List.of(),
          Map.of()));
    }
  }

  private void dynamo(String operation, String resource, Map<String, AttributeValue> key) {
    requests.add(new IamPolicies.Request("dynamodb:" + operation, resource, List.of(pk(key)),
        Map.of()));
  }

  private static String pk(Map<String, AttributeValue> key) {
    return key.get("pk").s();
  }

  void reset() {
    requests.clear();
  }

  List<IamPolicies.Request> requests() {
    return List.copyOf(requests);
  }

  /** The actions of the recorded requests. */
  Set<String> actions() {
    Set<String> actions = new TreeSet<>();
    requests.forEach(r -> actions.add(r.action()));
    return actions;
  }
}
