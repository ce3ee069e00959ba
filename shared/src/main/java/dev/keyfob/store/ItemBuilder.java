package dev.keyfob.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The builder side of the static immutable table schemas: collects attribute values by name while
 * the enhanced client reads an item, then a record's factory takes them out. One generic builder
 * keeps each record's schema to a list of attributes instead of a hand-written builder class.
 */
final class ItemBuilder {

  private final Map<String, Object> values = new HashMap<>();

  void put(String name, Object value) {
    values.put(name, value);
  }

  /** Setter for derived attributes such as keys, which the record recomputes. */
  static void ignore(ItemBuilder builder, Object value) {
    // Keys are derived from the record's fields, so the stored copy is not needed.
  }

  String string(String name) {
    return (String) values.get(name);
  }

  long number(String name) {
    Long v = (Long) values.get(name);
    return v == null ? 0L : v;
  }

  Long nullableNumber(String name) {
    return (Long) values.get(name);
  }

  int integer(String name) {
    Integer v = (Integer) values.get(name);
    return v == null ? 0 : v;
  }

  boolean bool(String name) {
    Boolean v = (Boolean) values.get(name);
    return v != null && v;
  }

  Instant instant(String name) {
    Long millis = (Long) values.get(name);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  byte[] bytes(String name) {
    return (byte[]) values.get(name);
  }

  @SuppressWarnings("unchecked")
  Set<String> stringSet(String name) {
    Set<String> v = (Set<String>) values.get(name);
    return v == null ? Set.of() : Set.copyOf(v);
  }

  @SuppressWarnings("unchecked")
  Map<String, String> stringMap(String name) {
    Map<String, String> v = (Map<String, String>) values.get(name);
    return v == null ? Map.of() : Map.copyOf(v);
  }

  @SuppressWarnings("unchecked")
  List<String> stringList(String name) {
    List<String> v = (List<String>) values.get(name);
    return v == null ? List.of() : List.copyOf(v);
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }
}
