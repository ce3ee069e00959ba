package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local API reads a function's response JSON as API Gateway reads payload format 2.0. */
class LocalResponseTest {

  private static LocalResponse read(String json) {
    return LocalResponse.fromLambdaJson(json == null ? null
        : json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anObjectWithAStatusCodeIsAResponse() {
    LocalResponse r = read("{\"statusCode\":429,\"headers\":{\"Retry-After\":\"30\"},"
        + "\"multiValueHeaders\":{\"Vary\":[\"a\",\"b\"]},\"cookies\":[\"c=d\"],"
        + "\"body\":\"{}\",\"isBase64Encoded\":false}");
    assertEquals(429, r.status());
    assertEquals(Map.of("Retry-After", List.of("30"), "Vary", List.of("a", "b"),
        "Set-Cookie", List.of("c=d")), r.headers());
    assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), r.body());
    assertArrayEquals(new byte[] {1, 2}, read("{\"statusCode\":200,\"body\":\"AQI=\","
        + "\"isBase64Encoded\":true}").body());
  }

  @Test
  void otherJsonIsTheBodyOfA200JsonResponse() {
    for (String json : List.of("{\"a\":1}", "[1,2]", "\"text\"", "5", "true")) {
      LocalResponse r = read(json);
      assertEquals(200, r.status(), json);
      assertEquals(Map.of("Content-Type", List.of("application/json")), r.headers(), json);
      assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), r.body(), json);
    }
  }

  @Test
  void nullWhatIsNotJsonAndUnusableResponsesAreRefused() {
    for (String json : new String[] {null, "null", "", "{", "{} x", "not json",
        "{\"statusCode\":99}", "{\"statusCode\":\"x\"}",
        "{\"statusCode\":200,\"body\":\"A\",\"isBase64Encoded\":true}"}) {
      assertThrows(IllegalStateException.class, () -> read(json), String.valueOf(json));
    }
  }
}
