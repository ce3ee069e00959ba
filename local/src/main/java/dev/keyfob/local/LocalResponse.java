package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response the local API is about to write: status, headers and body bytes.
 *
 * <p>Immutable apart from {@link #withHeader}, which returns a copy.
 *
 * @param status HTTP status code, 100-599
 * @param headers header values by name, in the order to write them
 * @param body the body; empty for none
 */
record LocalResponse(int status, Map<String, List<String>> headers, byte[] body) {

  public LocalResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = copy;
    body = body == null ? new byte[0] : body;
  }

  /** A JSON response with {@code Cache-Control: no-store}. */
  public static LocalResponse json(int status, String json) {
    return text(status, "application/json", json);
  }

  /** A UTF-8 text response of the given media type with {@code Cache-Control: no-store}. */
  public static LocalResponse text(int status, String mediaType, String text) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Content-Type", List.of(mediaType.contains("charset") || !mediaType.startsWith("text/")
        ? mediaType : mediaType + "; charset=utf-8"));
    h.put("Cache-Control", List.of("no-store"));
    return new LocalResponse(status, h, Objects.requireNonNull(text, "text")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** An empty response with {@code Cache-Control: no-store}. */
  public static LocalResponse empty(int status) {
    return new LocalResponse(status, Map.of("Cache-Control", List.of("no-store")), new byte[0]);
  }

  /**
   * What API Gateway makes of a function's response JSON (payload format 2.0): an object with a
   * {@code statusCode} is read as a response ({@link #fromLambda}, after the runtime's
   * serializer); any other JSON is the body of a 200 {@code application/json} response.
   *
   * @param json the bytes the function (or the runtime's serializer) returned; null or
   *     {@code null} when the handler returned null
   * @throws IllegalStateException if the function returned null, the bytes are not JSON, or the
   *     response is unusable (API Gateway would answer 500)
   */
  public static LocalResponse fromLambdaJson(byte[] json) {
    String text = json == null ? "null" : new String(json, StandardCharsets.UTF_8);
    Object parsed;
    try {
      parsed = LocalJson.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the function's response is not JSON");
    }
    if (parsed == null) {
      throw new IllegalStateException("the function returned null");
    }
    if (parsed instanceof Map<?, ?> object && object.containsKey("statusCode")) {
      APIGatewayV2HTTPResponse response;
      try {
        response = RuntimeSerializer.fromJson(text, APIGatewayV2HTTPResponse.class);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the function's response is not a format 2.0 response: "
            + e.getMessage());
      }
      return fromLambda(response);
    }
    return new LocalResponse(200, Map.of("Content-Type", List.of("application/json")),
        text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What API Gateway would send for a function's response: status, {@code headers},
   * {@code multiValueHeaders}, each cookie as a {@code Set-Cookie} header, and the body
   * (base64-decoded when {@code isBase64Encoded}).
   *
   * @throws IllegalStateException if the response is null, its status is not 100-599, or a
   *     base64 body does not decode (API Gateway would answer 500)
   */
  public static LocalResponse fromLambda(APIGatewayV2HTTPResponse response) {
    if (response == null) {
      throw new IllegalStateException("the function returned null");
    }
    int status = response.getStatusCode();
    if (status < 100 || status > 599) {
      throw new IllegalStateException("the function returned status code " + status);
    }
    Map<String, List<String>> h = new LinkedHashMap<>();
    if (response.getHeaders() != null) {
      response.getHeaders().forEach((k, v) -> {
        if (k != null && v != null) {
          h.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
      });
    }
    if (response.getMultiValueHeaders() != null) {
      response.getMultiValueHeaders().forEach((k, vs) -> {
        if (k != null && vs != null) {
          vs.stream().filter(Objects::nonNull)
              .forEach(v -> h.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
      });
    }
    if (response.getCookies() != null) {
      response.getCookies().stream().filter(Objects::nonNull)
          .forEach(c -> h.computeIfAbsent("Set-Cookie", x -> new ArrayList<>()).add(c));
    }
    String body = response.getBody();
    byte[] bytes;
    if (body == null) {
      bytes = new byte[0];
    } else if (response.getIsBase64Encoded()) {
      try {
        bytes = Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the function's base64 body does not decode", e);
      }
    } else {
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    return new LocalResponse(status, h, bytes);
  }

  /** A copy with one more value for a header. */
  public LocalResponse withHeader(String name, String value) {
    Map<String, List<String>> h = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(h.getOrDefault(name, List.of()));
    values.add(value);
    h.put(name, values);
    return new LocalResponse(status, h, body);
  }

  /** Whether a header of this name (any case) is present. */
  public boolean hasHeader(String name) {
    return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
  }
}
