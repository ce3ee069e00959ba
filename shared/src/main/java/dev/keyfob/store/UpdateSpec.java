package dev.keyfob.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Builds one conditional {@code UpdateItem} (as a transaction item, which {@link Writer} may run
 * alone): SET, REMOVE, DELETE and ADD clauses and a condition, with every attribute name and value passed
 * as a placeholder so reserved words and user input never reach the expression text.
 */
final class UpdateSpec {

  private final Map<String, AttributeValue> key;
  private final List<String> sets = new ArrayList<>();
  private final List<String> removes = new ArrayList<>();
  private final List<String> deletes = new ArrayList<>();
  private final List<String> adds = new ArrayList<>();
  private final List<String> conditions = new ArrayList<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, AttributeValue> values = new HashMap<>();

  UpdateSpec(Map<String, AttributeValue> key) {
    this.key = key;
  }

  /** The placeholder for an attribute name, e.g. {@code #fv}. */
  String name(String attribute) {
    String placeholder = "#" + attribute;
    names.put(placeholder, attribute);
    return placeholder;
  }

  /** A fresh placeholder for a value, e.g. {@code :v3}. */
  String value(AttributeValue value) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, value);
    return placeholder;
  }

  String value(long number) {
    return value(AttributeValue.fromN(Long.toString(number)));
  }

  UpdateSpec set(String attribute, AttributeValue v) {
    sets.add(name(attribute) + " = " + value(v));
    return this;
  }

  UpdateSpec set(String attribute, long number) {
    return set(attribute, AttributeValue.fromN(Long.toString(number)));
  }

  /** SET only when the attribute is absent, for first-seen style fields. */
  UpdateSpec setIfAbsent(String attribute, AttributeValue v) {
    String n = name(attribute);
    sets.add(n + " = if_not_exists(" + n + ", " + value(v) + ")");
    return this;
  }

  UpdateSpec remove(String... attributes) {
    for (String a : attributes) {
      removes.add(name(a));
    }
    return this;
  }

  /** Removes elements from a set attribute. */
  UpdateSpec deleteFromSet(String attribute, AttributeValue elements) {
    deletes.add(name(attribute) + " " + value(elements));
    return this;
  }

  /** Adds elements to a set attribute, creating it (and the item) when absent. */
  UpdateSpec addToSet(String attribute, AttributeValue elements) {
    adds.add(name(attribute) + " " + value(elements));
    return this;
  }

  /** Adds a clause that must hold, ANDed with the others; use {@link #name} and {@link #value}. */
  UpdateSpec require(String condition) {
    conditions.add("(" + condition + ")");
    return this;
  }

  /** The attribute equals {@code expected}, treating an absent attribute as 0. */
  UpdateSpec requireNumber(String attribute, long expected) {
    String n = name(attribute);
    if (expected == 0) {
      return require("attribute_not_exists(" + n + ") OR " + n + " = " + value(0));
    }
    return require(n + " = " + value(expected));
  }

  /** The attribute is absent or holds epoch milliseconds not after {@code nowMillis}. */
  UpdateSpec requireNotAfter(String attribute, long nowMillis) {
    String n = name(attribute);
    return require("attribute_not_exists(" + n + ") OR " + n + " <= " + value(nowMillis));
  }

  /**
   * A {@code DeleteItem} of the same key under this spec's condition alone (SET/REMOVE clauses
   * are ignored).
   */
  TransactWriteItem buildConditionalDelete(String table) {
    Delete.Builder delete = Delete.builder().tableName(table).key(key);
    if (!conditions.isEmpty()) {
      Condition c = condition();
      delete.conditionExpression(c.expression()).expressionAttributeNames(c.names());
      if (!c.values().isEmpty()) {
        delete.expressionAttributeValues(c.values());
      }
    }
    return TransactWriteItem.builder().delete(delete.build()).build();
  }

  /**
   * A {@code ConditionCheck} of the same key under this spec's condition alone: nothing is
   * written, but the transaction it joins fails unless the condition holds.
   */
  TransactWriteItem buildConditionCheck(String table) {
    if (conditions.isEmpty()) {
      throw new IllegalStateException("a condition check needs a condition");
    }
    Condition c = condition();
    ConditionCheck.Builder check = ConditionCheck.builder().tableName(table).key(key)
        .conditionExpression(c.expression()).expressionAttributeNames(c.names());
    if (!c.values().isEmpty()) {
      check.expressionAttributeValues(c.values());
    }
    return TransactWriteItem.builder().conditionCheck(check.build()).build();
  }

  private record Condition(String expression, Map<String, String> names,
      Map<String, AttributeValue> values) {}

  /** The condition with only the placeholders it uses (DynamoDB refuses unused ones). */
  private Condition condition() {
    String condition = String.join(" AND ", conditions);
    Map<String, String> usedNames = new HashMap<>();
    names.forEach((placeholder, attribute) -> {
      if (Pattern.compile(Pattern.quote(placeholder) + "(?![A-Za-z0-9_])").matcher(condition)
          .find()) {
        usedNames.put(placeholder, attribute);
      }
    });
    Map<String, AttributeValue> usedValues = new HashMap<>();
    values.forEach((placeholder, value) -> {
      if (Pattern.compile(Pattern.quote(placeholder) + "(?![0-9])").matcher(condition).find()) {
        usedValues.put(placeholder, value);
      }
    });
    return new Condition(condition, usedNames, usedValues);
  }

  TransactWriteItem build(String table) {
    StringBuilder expression = new StringBuilder();
    if (!sets.isEmpty()) {
      expression.append("SET ").append(String.join(", ", sets));
    }
    if (!removes.isEmpty()) {
      expression.append(expression.length() > 0 ? " " : "").append("REMOVE ")
          .append(String.join(", ", removes));
    }
    if (!deletes.isEmpty()) {
      expression.append(expression.length() > 0 ? " " : "").append("DELETE ")
          .append(String.join(", ", deletes));
    }
    if (!adds.isEmpty()) {
      expression.append(expression.length() > 0 ? " " : "").append("ADD ")
          .append(String.join(", ", adds));
    }
    Update.Builder update = Update.builder()
        .tableName(table)
        .key(key)
        .updateExpression(expression.toString())
        .expressionAttributeNames(names);
    if (!values.isEmpty()) {
      update.expressionAttributeValues(values);
    }
    if (!conditions.isEmpty()) {
      update.conditionExpression(String.join(" AND ", conditions));
    }
    return TransactWriteItem.builder().update(update.build()).build();
  }
}
