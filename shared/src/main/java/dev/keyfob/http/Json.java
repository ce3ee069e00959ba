package dev.keyfob.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * JSON in and out through jackson-jr, which keeps cold start low (no databind, no reflection
 * over response types: responses are built as maps by {@link Views}).
 */
public final class Json {

  /** Null members are written, as the contract's "time or null" fields require. */
  private static final JSON JSON_IO = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  private Json() {}

  /**
   * Any JSON text as maps, lists, strings, numbers, booleans and nulls. The text must be one
   * JSON value with nothing but whitespace after it ({@code {"code":"1"} x} is not JSON).
   */
  public static Object parse(String text) throws IOException {
    try (JsonParser parser = JSON_IO.createParser(text)) {
      Object value = JSON_IO.anyFrom(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "content after the JSON value");
      }
      return value;
    }
  }

  /** Serialises maps, lists and scalars; {@link Instant}s must be formatted with {@link #time}. */
  public static String write(Object value) {
    try {
      return JSON_IO.asString(value);
    } catch (IOException e) {
      throw new AssertionError("serialising plain maps cannot fail", e);
    }
  }

  /** RFC 3339 UTC with whole seconds, or null. */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
