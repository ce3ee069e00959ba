package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.ApiResponse;
import dev.keyfob.http.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Converts between the JSON of API Gateway HTTP API payload format 2.0 and keyfob's Lambda-free
 * {@link ApiRequest}/{@link ApiResponse}, with jackson-jr (keyfob's JSON library, which the
 * request path loads anyway) instead of the Lambda runtime's own serializer: the functions are
 * {@link com.amazonaws.services.lambda.runtime.RequestStreamHandler}s, so the runtime hands over
 * the event's bytes as they came and sends back the bytes written (see docs/performance.md).
 *
 * <p>What is read: {@code requestContext.http.method} (GET when absent), {@code rawPath} (else
 * {@code requestContext.http.path}, else {@code /}), {@code requestContext.requestId} (else the
 * Lambda request id, else a random one), {@code routeKey}, {@code pathParameters},
 * {@code queryStringParameters}, {@code headers}, {@code body} and {@code isBase64Encoded}; every
 * other member is ignored. What is written: {@code statusCode}, {@code headers}, {@code body}
 * (left out when null) and {@code isBase64Encoded} (always false: keyfob answers text); keyfob
 * sets no cookies.
 *
 * <p>Public for the local API and its tests, which check that this reads every event as the
 * runtime's serializer would and writes what it reads back as the same response. Stateless.
 */
public final class EventMapping {

  private EventMapping() {}

  /** The event is not one JSON object with members of the types format 2.0 gives them. */
  public static final class UnreadableEventException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableEventException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The request an event stands for.
   *
   * @param event the event JSON as API Gateway sent it
   * @param context Lambda's context, or null; its request id is the fallback for the event's
   * @throws UnreadableEventException if {@code event} is not one JSON object, or a member read
   *     has another type than format 2.0 gives it (strings, objects of strings, a boolean); the
   *     message names the member, never its content
   */
  public static ApiRequest toRequest(byte[] event, Context context)
      throws UnreadableEventException {
    Object parsed = parse(event);
    if (!(parsed instanceof Map<?, ?> root)) {
      throw new UnreadableEventException("the event is not a JSON object");
    }
    Map<?, ?> rc = object(root.get("requestContext"), "requestContext");
    Map<?, ?> http = rc == null ? null : object(rc.get("http"), "requestContext.http");
    String method = http == null ? null : string(http, "method");
    String rawPath = string(root, "rawPath");
    String httpPath = http == null ? null : string(http, "path");
    String path = rawPath != null ? rawPath : httpPath != null ? httpPath : "/";
    String eventRequestId = rc == null ? null : string(rc, "requestId");
    return new ApiRequest(method != null ? method : "GET", path, string(root, "routeKey"),
        strings(root, "pathParameters"), strings(root, "queryStringParameters"),
        strings(root, "headers"), body(root),
        eventRequestId != null ? eventRequestId : requestId(context));
  }

  /** The request id to answer an unreadable event with: Lambda's, else a random one. */
  public static String requestId(Context context) {
    return context != null && context.getAwsRequestId() != null ? context.getAwsRequestId()
        : UUID.randomUUID().toString();
  }

  /** The format 2.0 response JSON for {@code response}, as UTF-8. */
  public static byte[] toJson(ApiResponse response) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("statusCode", response.status());
    json.put("headers", response.headers());
    if (response.body() != null) {
      json.put("body", response.body());
    }
    json.put("isBase64Encoded", false);
    try {
      return JSON.std.asBytes(json);
    } catch (IOException e) {
      throw new AssertionError("serialising a map of strings cannot fail", e);
    }
  }

  private static Object parse(byte[] event) throws UnreadableEventException {
    try (com.fasterxml.jackson.core.JsonParser parser = JSON.std.createParser(event)) {
      Object value = JSON.std.anyFrom(parser);
      if (parser.nextToken() != null) {
        throw new UnreadableEventException("content after the event's JSON value");
      }
      return value;
    } catch (IOException e) {
      // Jackson's message may quote the input, which can hold a token: only say what failed.
      throw new UnreadableEventException("the event is not JSON");
    }
  }

  private static Map<?, ?> object(Object value, String what) throws UnreadableEventException {
    if (value == null || value instanceof Map<?, ?>) {
      return (Map<?, ?>) value;
    }
    throw new UnreadableEventException(what + " is not a JSON object");
  }

  private static String string(Map<?, ?> object, String name) throws UnreadableEventException {
    Object value = object.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new UnreadableEventException(name + " is not a string");
  }

  /**
   * An object of strings, in the event's order (of two header names that differ only in case, the
   * later wins, as before); members whose value is null are left out.
   */
  private static Map<String, String> strings(Map<?, ?> object, String name)
      throws UnreadableEventException {
    Map<?, ?> members = object(object.get(name), name);
    if (members == null) {
      return null;
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : members.entrySet()) {
      Object value = e.getValue();
      if (value instanceof String s) {
        copy.put((String) e.getKey(), s);
      } else if (value != null) {
        throw new UnreadableEventException(name + " has a member that is not a string");
      }
    }
    return copy;
  }

  private static boolean isBase64Encoded(Map<?, ?> root) throws UnreadableEventException {
    Object value = root.get("isBase64Encoded");
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw new UnreadableEventException("isBase64Encoded is not a boolean");
  }

  /**
   * The body as text; a base64 body that is not valid base64 becomes text no route accepts. So
   * do bytes that are not UTF-8 (API Gateway passes them base64-encoded): they are not JSON, so
   * they become a single U+FFFD, which every route answers with 400 and which leaves the size
   * check to the bytes actually sent. (Decoding them leniently would turn each bad byte into a
   * three-byte U+FFFD: a 6 KiB body would count as over 16 KiB, and a code with a bad byte would
   * count as a wrong code instead of a malformed request.) Bodies longer than any route accepts
   * keep their length, so they still get 413.
   */
  private static String body(Map<?, ?> root) throws UnreadableEventException {
    String body = string(root, "body");
    boolean base64 = isBase64Encoded(root);
    if (body == null || !base64) {
      return body;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException notBase64) {
      return body;
    }
    return Utf8.decode(bytes).orElseGet(() -> bytes.length > ApiDispatcher.MAX_BODY_BYTES
        ? new String(bytes, StandardCharsets.UTF_8) : "\uFFFD");
  }
}
