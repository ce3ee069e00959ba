package dev.keyfob.local.contract;

import dev.keyfob.store.TableDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Every item of a DynamoDB table at one moment (a consistent scan), keyed by pk and sk. */
public final class TableSnapshot {

  private final Map<String, Map<String, AttributeValue>> items;

  private TableSnapshot(Map<String, Map<String, AttributeValue>> items) {
    this.items = Collections.unmodifiableMap(items);
  }

  public static TableSnapshot of(DynamoDbClient dynamo, String table) {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
      if (start != null) {
        scan.exclusiveStartKey(start);
      }
      ScanResponse page = dynamo.scan(scan.build());
      for (Map<String, AttributeValue> item : page.items()) {
        items.put(item.get(TableDefinition.PK).s() + " | " + item.get(TableDefinition.SK).s(),
            item);
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
          ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return new TableSnapshot(items);
  }

  public Map<String, Map<String, AttributeValue>> items() {
    return items;
  }

  public int size() {
    return items.size();
  }

  /**
   * What differs from {@code later}: items added, removed, and changed with the names of the
   * changed attributes (never their values, which may be secrets). Empty when equal.
   */
  public List<String> differencesTo(TableSnapshot later) {
    List<String> diffs = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(items.keySet());
    keys.addAll(later.items.keySet());
    for (String key : keys) {
      Map<String, AttributeValue> before = items.get(key);
      Map<String, AttributeValue> after = later.items.get(key);
      if (before == null) {
        diffs.add("added " + key);
      } else if (after == null) {
        diffs.add("removed " + key);
      } else if (!before.equals(after)) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        names.removeIf(n -> Objects.equals(before.get(n), after.get(n)));
        diffs.add("changed " + key + " " + names);
      }
    }
    return diffs;
  }
}
