package dev.keyfob.local.bench;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

/**
 * Writes recorded SDK requests as the plan entries {@link SdkFloorSource} replays: the
 * operation, its table or key, and every parameter that reaches the wire, attribute values in
 * DynamoDB's own JSON form ({@code {"S": "..."}}, binary as base64). Stateless.
 */
final class PlanCalls {

  private PlanCalls() {}

  /**
   * @throws IllegalArgumentException for an operation the floor does not replay; the bench must
   *     then learn it, or the floor would no longer make the calls a verification makes
   */
  static Map<String, Object> toJson(SdkRequest request) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (request instanceof GetItemRequest r) {
      c.put("op", "GetItem");
      c.put("table", r.tableName());
      c.put("key", item(r.key()));
      c.put("consistentRead", r.consistentRead());
      c.put("projection", r.projectionExpression());
      c.put("names", r.hasExpressionAttributeNames() ? r.expressionAttributeNames() : null);
    } else if (request instanceof BatchGetItemRequest r) {
      if (r.requestItems().size() != 1) {
        throw new IllegalArgumentException("a BatchGetItem over several tables");
      }
      Map.Entry<String, KeysAndAttributes> e = r.requestItems().entrySet().iterator().next();
      List<Object> keys = new ArrayList<>();
      e.getValue().keys().forEach(k -> keys.add(item(k)));
      c.put("op", "BatchGetItem");
      c.put("table", e.getKey());
      c.put("keys", keys);
      c.put("consistentRead", e.getValue().consistentRead());
      c.put("projection", e.getValue().projectionExpression());
      c.put("names", e.getValue().hasExpressionAttributeNames()
          ? e.getValue().expressionAttributeNames() : null);
    } else if (request instanceof UpdateItemRequest r) {
      c.put("op", "UpdateItem");
      c.put("table", r.tableName());
      c.put("key", item(r.key()));
      c.put("update", r.updateExpression());
      c.put("condition", r.conditionExpression());
      c.put("names", r.hasExpressionAttributeNames() ? r.expressionAttributeNames() : null);
      c.put("values", r.hasExpressionAttributeValues() ? item(r.expressionAttributeValues())
          : null);
    } else if (request instanceof DecryptRequest r) {
      c.put("op", "Decrypt");
      c.put("keyId", r.keyId());
      c.put("ciphertext", Base64.getEncoder().encodeToString(r.ciphertextBlob().asByteArray()));
      c.put("context", r.hasEncryptionContext() ? r.encryptionContext() : null);
    } else {
      throw new IllegalArgumentException("the SDK floor does not replay "
          + request.getClass().getSimpleName());
    }
    return c;
  }

  static Map<String, Object> item(Map<String, AttributeValue> item) {
    Map<String, Object> json = new LinkedHashMap<>();
    item.forEach((k, v) -> json.put(k, value(v)));
    return json;
  }

  static Map<String, Object> value(AttributeValue v) {
    return switch (v.type()) {
      case S -> Map.of("S", v.s());
      case N -> Map.of("N", v.n());
      case B -> Map.of("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
      case BOOL -> Map.of("BOOL", v.bool());
      case NUL -> Map.of("NULL", true);
      case SS -> Map.of("SS", v.ss());
      case NS -> Map.of("NS", v.ns());
      case L -> Map.of("L", v.l().stream().map(PlanCalls::value).toList());
      case M -> Map.of("M", item(v.m()));
      default -> throw new IllegalArgumentException("attribute type " + v.type()
          + " is not replayed by the SDK floor");
    };
  }
}
