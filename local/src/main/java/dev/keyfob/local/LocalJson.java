package dev.keyfob.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;

/**
 * The local API's own JSON, over jackson-jr (the handlers use keyfob's): strict parsing of one
 * JSON object, such as a dev-token request, and writing maps and lists (null members included,
 * so shapes stay visible).
 *
 * <p>Stateless and thread-safe.
 */
final class LocalJson {

  private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  private LocalJson() {}

  /**
   * Parses text that must be exactly one JSON object.
   *
   * @throws IllegalArgumentException if it is not JSON, not an object, or has trailing content;
   *     the message says which, without echoing the input
   */
  static Map<String, Object> parseObject(String text) {
    try (JsonParser parser = JSON.std.createParser(text)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      Map<String, Object> map = JSON.std.mapFrom(parser);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("the body has content after the JSON object");
      }
      return map;
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid JSON");
    }
  }

  /**
   * Parses text that must be exactly one JSON value: maps, lists, strings, numbers, booleans or
   * null.
   *
   * @throws IllegalArgumentException if it is not, without echoing the input
   */
  static Object parse(String text) {
    try (JsonParser parser = JSON.std.createParser(text)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException("no JSON value");
      }
      Object value = JSON.std.anyFrom(parser);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("content after the JSON value");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON");
    }
  }

  /** Compact JSON for maps, lists, strings, numbers, booleans and null. */
  static String write(Object value) {
    try {
      return WRITER.asString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
    }
  }
}
