package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.ApiResponse;
import dev.keyfob.http.Utf8;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * keyfob's own reading of the event JSON and writing of the response JSON, against what the
 * Lambda Java runtime's serializer ({@code aws-lambda-java-serialization}, which read the events
 * while the functions were {@code RequestHandler<APIGatewayV2HTTPEvent, ...>}) makes of the same
 * JSON, mapped with the mapping the functions had then ({@link RuntimeEventMapping}): the same
 * {@link ApiRequest} for every sample event and for events in every shape the mapping handles;
 * the response JSON reads back through the runtime's serializer as the response the functions
 * returned then. And an event that is not one no longer reaches a route: 400, never a 500.
 */
class EventMappingTest {

  /** Every sample API Gateway event, as the repository has them. */
  static Stream<Path> samples() throws Exception {
    try (Stream<Path> files = Files.list(SamTemplate.repoRoot().resolve("events"))) {
      return files.filter(p -> read(p).contains("\"routeKey\"")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySampleEventReadsAsTheRuntimeSerializerMappedItBefore(Path sample) throws Exception {
    byte[] json = Files.readAllBytes(sample);
    APIGatewayV2HTTPEvent viaRuntime = EventLoader.loadApiGatewayHttpEvent(sample.toString());
    assertEquals(RuntimeEventMapping.toRequest(viaRuntime, null),
        EventMapping.toRequest(json, null));
  }

  /** Events in each shape the mapping distinguishes; none of them has a random request id. */
  static Stream<String> shapes() {
    String base64Text = Base64.getEncoder().encodeToString(
        "{\"code\":\"123456\",\"name\":\"Schlüssel ✓\"}".getBytes(StandardCharsets.UTF_8));
    String base64Bad = Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xff, '}'});
    byte[] longBad = new byte[ApiDispatcher.MAX_BODY_BYTES + 10];
    java.util.Arrays.fill(longBad, (byte) 0xfe);
    String base64LongBad = Base64.getEncoder().encodeToString(longBad);
    return Stream.of(
        event(Map.of("requestId", "r1", "http", Map.of("method", "POST", "path", "/p")),
            "/v1/me/two-factor/verify", "{\"code\":\"1\"}", false),
        event(Map.of("requestId", "r2", "http", Map.of("method", "PATCH")), "/x", base64Text,
            true),
        event(Map.of("requestId", "r3"), "/x", base64Bad, true),
        event(Map.of("requestId", "r4"), "/x", base64LongBad, true),
        event(Map.of("requestId", "r5"), "/x", "not base64 !", true),
        event(Map.of("requestId", "r6"), null, "", false),
        event(Map.of("requestId", "r7", "http", Map.of("path", "/from/http")), null, null, true),
        event(Map.of("requestId", "r8", "http", Map.of("method", "DELETE", "path", "/a")),
            "/v1/orgs/acme/members/mo", null, false),
        "{\"rawPath\":\"/x\",\"requestContext\":{\"requestId\":\"r9\"},"
            + "\"headers\":{\"Authorization\":\"Bearer t\",\"X-Odd\":\"1\"},"
            + "\"queryStringParameters\":{\"limit\":\"5\",\"cursor\":\"a,b\"},"
            + "\"pathParameters\":{\"orgId\":\"acme\",\"userId\":\"mo\"},"
            + "\"routeKey\":\"DELETE /v1/orgs/{orgId}/members/{userId}\","
            + "\"cookies\":[\"a=b\"],\"stageVariables\":{\"s\":\"v\"},\"unknown\":[1,{}]}",
        "{\"rawPath\":\"/x\",\"requestContext\":{\"requestId\":\"r10\"},"
            + "\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\",\"b\":\"3\",\"B\":\"4\"}}");
  }

  private static String event(Map<String, Object> requestContext, String rawPath, String body,
      boolean base64) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("version", "2.0");
    e.put("routeKey", "$default");
    if (rawPath != null) {
      e.put("rawPath", rawPath);
    }
    e.put("headers", Map.of("content-type", "application/json"));
    e.put("requestContext", requestContext);
    if (body != null) {
      e.put("body", body);
    }
    e.put("isBase64Encoded", base64);
    try {
      return JSON.std.asString(e);
    } catch (java.io.IOException x) {
      throw new java.io.UncheckedIOException(x);
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void eventsOfEveryShapeReadAsTheRuntimeSerializerMappedThem(String json) throws Exception {
    assertEquals(RuntimeEventMapping.toRequest(viaRuntime(json), null),
        EventMapping.toRequest(json.getBytes(StandardCharsets.UTF_8), null));
  }

  @Test
  void requestIdFallsBackToLambdasThenToARandomOne() throws Exception {
    byte[] json = "{\"rawPath\":\"/x\"}".getBytes(StandardCharsets.UTF_8);
    Context context = context("lambda-request-id");
    ApiRequest mine = EventMapping.toRequest(json, context);
    assertEquals(RuntimeEventMapping.toRequest(viaRuntime("{\"rawPath\":\"/x\"}"), context),
        mine);
    assertEquals("lambda-request-id", mine.requestId());
    assertEquals("GET", mine.method());
    String random = EventMapping.toRequest(json, null).requestId();
    assertEquals(random, UUID.fromString(random).toString());
    ApiRequest none = EventMapping.toRequest("{}".getBytes(StandardCharsets.UTF_8), null);
    assertEquals("/", none.path());
    assertEquals("$default", none.routeKey());
  }

  /** Responses as the functions give them: JSON or problem bodies, empty ones, one of null. */
  static Stream<ApiResponse> responses() {
    return Stream.of(
        ApiResponse.json(200, "{\"a\":\"é ✓ \\\"q\\\"\"}")
            .withHeaders(Map.of("Cache-Control", "no-store", "X-Request-Id", "r")),
        ApiResponse.empty(204).withHeaders(Map.of("Access-Control-Allow-Origin", "https://x")),
        new ApiResponse(401, Map.of("Content-Type", "application/problem+json",
            "WWW-Authenticate", "Bearer"), "{\"status\":401}"),
        new ApiResponse(500, Map.of(), null));
  }

  @ParameterizedTest
  @MethodSource("responses")
  void responseJsonReadsBackThroughTheRuntimeSerializerAsTheResponseReturnedBefore(
      ApiResponse response) throws Exception {
    APIGatewayV2HTTPResponse read = JacksonFactory.getInstance()
        .getSerializer(APIGatewayV2HTTPResponse.class)
        .fromJson(new ByteArrayInputStream(EventMapping.toJson(response)));
    APIGatewayV2HTTPResponse before = APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(Map.copyOf(response.headers()))
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
    assertEquals(before.getStatusCode(), read.getStatusCode());
    assertEquals(before.getHeaders(), read.getHeaders());
    assertEquals(before.getBody(), read.getBody());
    assertEquals(before.getIsBase64Encoded(), read.getIsBase64Encoded());
    assertEquals(before.getMultiValueHeaders(), read.getMultiValueHeaders());
    assertEquals(before.getCookies(), read.getCookies());
    assertEquals(before, read);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "[1]", "\"text\"", "5", "null", "{", "{\"a\":1} {}",
      "{\"headers\":5}", "{\"headers\":{\"a\":{}}}", "{\"headers\":{\"a\":[\"b\"]}}",
      "{\"body\":{\"code\":\"1\"}}", "{\"body\":5}", "{\"isBase64Encoded\":\"yes\"}",
      "{\"requestContext\":[]}", "{\"requestContext\":{\"http\":\"GET\"}}",
      "{\"requestContext\":{\"requestId\":7}}", "{\"rawPath\":true}",
      "{\"pathParameters\":[]}", "{\"queryStringParameters\":{\"q\":1}}", "\u0000"})
  void anEventThatIsNotOneIsRefusedWithoutEchoingIt(String json) {
    EventMapping.UnreadableEventException e = assertThrows(
        EventMapping.UnreadableEventException.class,
        () -> EventMapping.toRequest(json.getBytes(StandardCharsets.UTF_8), null));
    assertFalse(json.length() > 3 && e.getMessage().contains(json), e.getMessage());
    assertEquals(0, e.getStackTrace().length, "carries no stack trace");
  }

  /**
   * Where the old mapping failed (a 500 from the runtime), on events API Gateway never sends: no
   * {@code rawPath} and an {@code http} without a path made a null path; a null parameter value
   * failed the request's copy. Now the path is {@code /} and such values are left out.
   */
  @Test
  void whereTheOldMappingFailedTheRequestIsStillRead() throws Exception {
    String noPath = "{\"requestContext\":{\"requestId\":\"r\",\"http\":{}},\"body\":\"x\"}";
    assertThrows(NullPointerException.class,
        () -> RuntimeEventMapping.toRequest(viaRuntime(noPath), null));
    assertEquals("/", EventMapping.toRequest(noPath.getBytes(StandardCharsets.UTF_8), null)
        .path());
    String nullQuery = "{\"rawPath\":\"/x\",\"queryStringParameters\":{\"q\":null}}";
    assertThrows(NullPointerException.class,
        () -> RuntimeEventMapping.toRequest(viaRuntime(nullQuery), null));
    assertEquals(Map.of(), EventMapping.toRequest(nullQuery.getBytes(StandardCharsets.UTF_8),
        null).queryParameters());
  }

  @Test
  void nullMembersOfTheParameterMapsAreLeftOut() throws Exception {
    ApiRequest r = EventMapping.toRequest(("{\"headers\":{\"a\":null,\"b\":\"c\"},"
        + "\"queryStringParameters\":{\"q\":null},\"body\":null,\"rawPath\":null}")
        .getBytes(StandardCharsets.UTF_8), null);
    assertEquals(Map.of("b", "c"), r.headers());
    assertEquals(Map.of(), r.queryParameters());
    assertEquals(null, r.body());
    assertEquals("/", r.path());
  }

  /** Through the handler: 400 problem+json with the request id, the route never reached. */
  @ExtendWith(AwsEmulator.class)
  @Test
  void theHandlerAnswersAnUnreadableEvent400AndAJsonBodyThatIsNotAnObjectTheRoutes400(
      Emulator emulator) throws Exception {
    try (TestKeyfob keyfob = TestKeyfob.start(emulator, Map.of())) {
      VerificationHandler handler = new VerificationHandler(keyfob.app);
      for (String unreadable : List.of("[1]", "{", "{\"headers\":5}", "")) {
        Map<String, Object> response = call(handler, unreadable, context("lambda-id"));
        assertEquals(400, response.get("statusCode"), unreadable);
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) response.get("headers");
        assertEquals("application/problem+json", headers.get("Content-Type"));
        assertEquals("lambda-id", headers.get("X-Request-Id"));
        assertEquals("no-store", headers.get("Cache-Control"));
        Map<String, Object> problem = JSON.std.mapFrom(response.get("body"));
        assertEquals("INVALID_REQUEST", problem.get("code"));
        assertEquals("lambda-id", problem.get("requestId"));
        assertFalse(((String) response.get("body")).contains("Exception"));
      }
      String token = keyfob.user("ada", "acme").sign();
      for (String body : List.of("[1]", "\"123456\"", "null", "{")) {
        Map<String, Object> response = call(handler, JSON.std.asString(Map.of(
            "routeKey", "POST /v1/me/two-factor/verify", "rawPath", "/v1/me/two-factor/verify",
            "headers", Map.of("authorization", "Bearer " + token,
                "content-type", "application/json"),
            "requestContext", Map.of("requestId", "r", "http", Map.of("method", "POST")),
            "body", body, "isBase64Encoded", false)), null);
        assertEquals(400, response.get("statusCode"), body);
        assertNotNull(response.get("body"));
        assertTrue(((String) response.get("body")).contains("\"requestId\":\"r\""));
      }
    }
  }

  private static Map<String, Object> call(VerificationHandler handler, String event,
      Context context) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
        context);
    return JSON.std.mapFrom(out.toByteArray());
  }

  private static APIGatewayV2HTTPEvent viaRuntime(String json) {
    return JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class)
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static Context context(String requestId) {
    return (Context) Proxy.newProxyInstance(EventMappingTest.class.getClassLoader(),
        new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
