package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.keyfob.functions.EventMapping;
import dev.keyfob.functions.RuntimeEventMapping;
import dev.keyfob.http.ApiResponse;
import dev.keyfob.local.contract.RunLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events reach the handlers exactly as the Lambda Java runtime would hand them over: each sample
 * under {@code events/} reads the same through {@code invoke}'s {@link RuntimeSerializer} as
 * through {@code aws-lambda-java-tests}' {@link EventLoader}, and loses no member on the way; each
 * event the local API builds ({@link EventFactory}) is written in API Gateway's member names and
 * comes back from the runtime's serializer equal, field by field, to what the handler is given.
 *
 * <p>keyfob's functions are stream handlers, which the runtime hands those very bytes: what they
 * make of each sample and of each event the local API builds ({@link EventMapping}) is the request
 * the runtime's event object made with the mapping they had before ({@link RuntimeEventMapping}); and
 * the response JSON they write reaches the client, through the local API's reading of it as API
 * Gateway reads it, as the response object they returned before did.
 */
class RuntimeSerializerTest {

  private static final Instant NOW = Instant.parse("2026-11-28T22:10:05.123Z");

  /**
   * The API Gateway samples; the others ({@code scheduled-rotation.json},
   * {@code first-signing-key.json}) are for the signing-key rotation function, which takes the
   * JSON object as it stands.
   */
  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(RunLocal.repositoryRoot().resolve("events"))) {
      return Stream.concat(
          files.filter(RuntimeSerializerTest::isApiGatewayEvent).sorted().toList().stream(),
          Stream.of(Fixtures.resource("events/get-security.json")));
    }
  }

  private static boolean isApiGatewayEvent(Path file) {
    try {
      return Files.readString(file).contains("\"routeKey\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aSampleEventReadsAsTheRuntimeReadsIt(Path sample) throws IOException {
    APIGatewayV2HTTPEvent viaInvoke =
        RuntimeSerializer.fromJson(Files.readString(sample), APIGatewayV2HTTPEvent.class);
    APIGatewayV2HTTPEvent viaRuntime = EventLoader.loadApiGatewayHttpEvent(sample.toString());
    assertEquals(viaRuntime, viaInvoke);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyMemberOfASampleReachesTheHandler(Path sample) throws IOException {
    Map<String, Object> written = LocalJson.parseObject(Files.readString(sample));
    APIGatewayV2HTTPEvent event =
        RuntimeSerializer.fromJson(Files.readString(sample), APIGatewayV2HTTPEvent.class);
    Map<String, Object> handed = LocalJson.parseObject(RuntimeSerializer.toJson(event));
    assertCarries(written, handed, sample.getFileName().toString());
  }

  @Test
  void theLocalApisEventsUseApiGatewaysMemberNames() throws IOException {
    Set<String> apiGateway = new TreeSet<>();
    for (Path sample : samples().toList()) {
      apiGateway.addAll(memberPaths(LocalJson.parseObject(Files.readString(sample)), ""));
    }
    APIGatewayV2HTTPEvent built = EventFactory.create(
        new LocalRequest("POST", "/v1/orgs/acme/members", "a=1&a=2&b=%C3%A9",
            Map.of("Content-Type", List.of("application/octet-stream"),
                "Cookie", List.of("s=1; t=2"), "User-Agent", List.of("test/1.0")),
            new byte[] {(byte) 0xff, 0, 1}, "127.0.0.1", 3000),
        "POST /v1/orgs/{orgId}/members", Map.of("orgId", "acme"), "rid-1", NOW);
    Set<String> local = memberPaths(LocalJson.parseObject(RuntimeSerializer.toJson(built)), "");
    local.removeAll(apiGateway);
    assertEquals(Set.of(), local, "members API Gateway never sends");
  }

  @Property(tries = 200)
  void everyEventTheLocalApiBuildsComesBackFromTheRuntimeUnchanged(
      @ForAll("requests") LocalRequest request, @ForAll("routes") String routeKey) {
    APIGatewayV2HTTPEvent built = EventFactory.create(request, routeKey,
        routeKey.contains("{orgId}") ? Map.of("orgId", "acme co") : Map.of(), "rid-1", NOW);
    String json = RuntimeSerializer.toJson(built);
    APIGatewayV2HTTPEvent handed = RuntimeSerializer.fromJson(json, APIGatewayV2HTTPEvent.class);
    assertEquals(built, handed, json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aSampleReachesAKeyfobFunctionAsTheRuntimesEventObjectDid(Path sample) throws Exception {
    assertEquals(RuntimeEventMapping.toRequest(
        EventLoader.loadApiGatewayHttpEvent(sample.toString()), null),
        EventMapping.toRequest(Files.readAllBytes(sample), null));
  }

  @Property(tries = 300)
  void everyEventTheLocalApiBuildsReachesAKeyfobFunctionAsTheRuntimesEventObjectDid(
      @ForAll("requests") LocalRequest request, @ForAll("routes") String routeKey)
      throws Exception {
    APIGatewayV2HTTPEvent built = EventFactory.create(request, routeKey,
        routeKey.contains("{orgId}") ? Map.of("orgId", "acme co") : Map.of(), "rid-1", NOW);
    // What the local API hands a function: the event's JSON, as API Gateway sends it.
    String json = RuntimeSerializer.toJson(built);
    APIGatewayV2HTTPEvent runtimeObject =
        RuntimeSerializer.fromJson(json, APIGatewayV2HTTPEvent.class);
    assertEquals(RuntimeEventMapping.toRequest(runtimeObject, null),
        EventMapping.toRequest(json.getBytes(StandardCharsets.UTF_8), null), json);
  }

  @Property(tries = 200)
  void whatAKeyfobFunctionWritesReachesTheClientAsTheResponseObjectItReturnedBefore(
      @ForAll("responses") ApiResponse response) {
    LocalResponse now = LocalResponse.fromLambdaJson(EventMapping.toJson(response));
    LocalResponse before = LocalResponse.fromLambda(APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(Map.copyOf(response.headers()))
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build());
    assertEquals(before.status(), now.status());
    assertEquals(before.headers(), now.headers());
    assertEquals(new String(before.body(), StandardCharsets.UTF_8),
        new String(now.body(), StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<ApiResponse> responses() {
    Arbitrary<Integer> status = Arbitraries.of(200, 201, 204, 400, 401, 404, 409, 413, 429, 503);
    Arbitrary<Map<String, String>> headers = Arbitraries.maps(
        Arbitraries.of("Content-Type", "Cache-Control", "X-Request-Id", "Retry-After",
            "WWW-Authenticate", "Access-Control-Allow-Origin", "Vary"),
        Arbitraries.strings().withChars("ab;=, é/\"\\").ofMaxLength(12)).ofMaxSize(6);
    Arbitrary<String> body = Arbitraries.strings().withChars("{}[]\":,aé✓\\\n\u2028")
        .ofMaxLength(40).injectNull(0.1);
    return Combinators.combine(status, headers, body)
        .as((s, h, b) -> new ApiResponse(s, new LinkedHashMap<>(h), b));
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of("GET /v1/me/two-factor", "PUT /v1/orgs/{orgId}/security/two-factor",
        "$default");
  }

  @Provide
  Arbitrary<LocalRequest> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS");
    Arbitrary<String> path = Arbitraries.strings().withChars("abc/%20-_~é").ofMaxLength(30)
        .map(p -> "/" + p);
    Arbitrary<String> query = Arbitraries.strings().withChars("ab=&%+1é").ofMaxLength(20);
    Arbitrary<Map<String, List<String>>> headers = Arbitraries.maps(
            Arbitraries.of("Content-Type", "Cookie", "User-Agent", "X-Custom", "Authorization"),
            Arbitraries.strings().withChars("ab;=, é/").ofMaxLength(12).list().ofMinSize(1)
                .ofMaxSize(3))
        .ofMaxSize(5);
    Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    return Combinators.combine(method, path, query, headers, body)
        .as((m, p, q, h, b) -> new LocalRequest(m, p, q, h, b, "127.0.0.1", 3000));
  }

  @Test
  void responsesAreWrittenAsTheRuntimeReturnsThem() {
    APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder()
        .withStatusCode(429)
        .withHeaders(Map.of("Retry-After", "30"))
        .withCookies(List.of("a=b"))
        .withBody("{}")
        .build();
    Map<String, Object> json = LocalJson.parseObject(RuntimeSerializer.toJson(response));
    assertEquals(Map.of("statusCode", 429, "headers", Map.of("Retry-After", "30"),
        "cookies", List.of("a=b"), "body", "{}", "isBase64Encoded", false), json);
  }

  @Test
  void eventsTheRuntimeKnowsGetItsOwnMapping() {
    // The runtime reads a ScheduledEvent's "detail-type" and ISO time with its mix-ins.
    ScheduledEvent event = RuntimeSerializer.fromJson("{\"detail-type\": \"Scheduled Event\","
        + " \"time\": \"2026-11-28T22:00:00Z\", \"resources\": [\"arn:rule\"]}",
        ScheduledEvent.class);
    assertEquals("Scheduled Event", event.getDetailType());
    assertEquals(Instant.parse("2026-11-28T22:00:00Z").toEpochMilli(),
        event.getTime().getMillis());
  }

  @Test
  void whatTheRuntimeCannotReadIsRefusedSayingWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RuntimeSerializer.fromJson("{\"headers\": 5}", APIGatewayV2HTTPEvent.class));
    assertTrue(e.getMessage().contains("[\"headers\"]"), e.getMessage());
    assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RuntimeSerializer.fromJson("[1]", APIGatewayV2HTTPEvent.class));
    assertThrows(IllegalArgumentException.class,
        () -> RuntimeSerializer.fromJson("{", APIGatewayV2HTTPEvent.class));
    assertThrows(IllegalArgumentException.class, () -> RuntimeSerializer.fromJson(
        "{\"isBase64Encoded\": \"yes\"}", APIGatewayV2HTTPEvent.class));
  }

  @Test
  void likeTheRuntimeItIgnoresUnknownMembersAndTakesScalarsAsText() {
    APIGatewayV2HTTPEvent e = RuntimeSerializer.fromJson(
        "{\"rawPath\": 5, \"headers\": {\"x-n\": 1}, \"unknown\": true}",
        APIGatewayV2HTTPEvent.class);
    assertEquals("5", e.getRawPath());
    assertEquals(Map.of("x-n", "1"), e.getHeaders());
  }

  /** Asserts every non-null member of {@code written} is in {@code handed} with its value. */
  @SuppressWarnings("unchecked")
  private static void assertCarries(Map<String, Object> written, Map<String, Object> handed,
      String where) {
    written.forEach((name, value) -> {
      if (value == null) {
        return;
      }
      String path = where + "." + name;
      assertTrue(handed.containsKey(name), path + " did not reach the handler");
      if (value instanceof Map<?, ?> nested) {
        assertCarries((Map<String, Object>) nested, (Map<String, Object>) handed.get(name), path);
      } else {
        assertEquals(value, handed.get(name), path);
      }
    });
  }

  /** The dotted paths of every member, e.g. {@code requestContext.http.method}. */
  @SuppressWarnings("unchecked")
  private static Set<String> memberPaths(Map<String, Object> json, String prefix) {
    Set<String> paths = new TreeSet<>();
    json.forEach((name, value) -> {
      // Header, parameter and claim names are data, not members.
      boolean data = Set.of("headers", "queryStringParameters", "pathParameters",
          "stageVariables", "claims").contains(name);
      paths.add(prefix + name);
      if (value instanceof Map<?, ?> nested && !data) {
        paths.addAll(memberPaths((Map<String, Object>) nested, prefix + name + "."));
      }
    });
    return paths;
  }
}
