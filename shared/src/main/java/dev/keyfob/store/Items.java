package dev.keyfob.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reading and writing DynamoDB attribute maps by hand. Each record maps itself with these plain
 * calls instead of an enhanced-client table schema: the static schemas cost 75-90 ms of class
 * loading and lambda bootstrapping at a cold start on the development machine (measured for
 * the four records a sign-in reads), the hand mapping about 1 ms, and no reflection is involved
 * either way. Times are stored as epoch milliseconds (numbers), so conditions can compare them.
 */
final class Items {

  private Items() {}

  /** A new attribute map holding the item's key. */
  static Map<String, AttributeValue> withKey(String pk, String sk) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableDefinition.PK, AttributeValue.fromS(pk));
    item.put(TableDefinition.SK, AttributeValue.fromS(sk));
    return item;
  }

  static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value));
    }
  }

  static void put(Map<String, AttributeValue> item, String name, long value) {
    item.put(name, AttributeValue.fromN(Long.toString(value)));
  }

  static void put(Map<String, AttributeValue> item, String name, boolean value) {
    item.put(name, AttributeValue.fromBool(value));
  }

  static void put(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) {
      put(item, name, value.toEpochMilli());
    }
  }

  static void put(Map<String, AttributeValue> item, String name, byte[] value) {
    if (value != null) {
      item.put(name, AttributeValue.fromB(SdkBytes.fromByteArray(value)));
    }
  }

  static void putStrings(Map<String, AttributeValue> item, String name, Map<String, String> map) {
    if (map != null && !map.isEmpty()) {
      Map<String, AttributeValue> m = new HashMap<>();
      map.forEach((k, v) -> m.put(k, AttributeValue.fromS(v)));
      item.put(name, AttributeValue.fromM(m));
    }
  }

  static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  static long number(Map<String, AttributeValue> item, String name) {
    Long v = nullableNumber(item, name);
    return v == null ? 0 : v;
  }

  static int integer(Map<String, AttributeValue> item, String name) {
    return (int) number(item, name);
  }

  static Long nullableNumber(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? null : Long.valueOf(v.n());
  }

  static boolean bool(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  static Instant instant(Map<String, AttributeValue> item, String name) {
    Long millis = nullableNumber(item, name);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  static byte[] bytes(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.b() == null ? null : v.b().asByteArray();
  }

  static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || !v.hasSs() ? Set.of() : Set.copyOf(v.ss());
  }

  static Map<String, String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || !v.hasM()) {
      return Map.of();
    }
    Map<String, String> result = new HashMap<>();
    v.m().forEach((k, value) -> {
      if (value.s() != null) {
        result.put(k, value.s());
      }
    });
    return result;
  }

  static AttributeValue stringSetValue(Set<String> values) {
    return AttributeValue.fromSs(List.copyOf(values));
  }
}
