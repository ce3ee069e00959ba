package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.keyfob.functions.EventMapping;
import dev.keyfob.http.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFactoryTest {

  private static final Instant NOW = Instant.parse("2026-11-28T22:10:05.123Z");

  private static LocalRequest request(String method, String path, String query,
      Map<String, List<String>> headers, byte[] body) {
    return new LocalRequest(method, path, query, headers, body, "127.0.0.1", 3000);
  }

  @Test
  void eventHasThePayloadFormat2Shape() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("User-Agent", List.of("test-agent/1.0"));
    headers.put("X-Custom", List.of("one", "two"));
    headers.put("Cookie", List.of("a=1; b=2", "c=3"));
    APIGatewayV2HTTPEvent e = EventFactory.create(
        request("PUT", "/v1/orgs/acme/security/two-factor", "x=1&x=2&y=%C3%A9+z",
            headers, "{\"enabled\":true}".getBytes(StandardCharsets.UTF_8)),
        "PUT /v1/orgs/{orgId}/security/two-factor", Map.of("orgId", "acme"), "req-1", NOW);

    assertEquals("2.0", e.getVersion());
    assertEquals("PUT /v1/orgs/{orgId}/security/two-factor", e.getRouteKey());
    assertEquals("/v1/orgs/acme/security/two-factor", e.getRawPath());
    assertEquals("x=1&x=2&y=%C3%A9+z", e.getRawQueryString());
    assertEquals(List.of("a=1", "b=2", "c=3"), e.getCookies());
    assertEquals("application/json", e.getHeaders().get("content-type"));
    assertEquals("one,two", e.getHeaders().get("x-custom"), "repeated values comma-joined");
    assertFalse(e.getHeaders().containsKey("cookie"), "cookies move out of headers");
    assertTrue(e.getHeaders().keySet().stream().allMatch(k -> k.equals(k.toLowerCase())));
    assertEquals("127.0.0.1", e.getHeaders().get("x-forwarded-for"));
    assertEquals("http", e.getHeaders().get("x-forwarded-proto"));
    assertEquals("3000", e.getHeaders().get("x-forwarded-port"));
    assertEquals(Map.of("x", "1,2", "y", "é z"), e.getQueryStringParameters());
    assertEquals(Map.of("orgId", "acme"), e.getPathParameters());
    assertNull(e.getStageVariables());
    assertEquals("{\"enabled\":true}", e.getBody());
    assertFalse(e.getIsBase64Encoded());

    APIGatewayV2HTTPEvent.RequestContext c = e.getRequestContext();
    assertEquals("123456789012", c.getAccountId());
    assertEquals("local", c.getApiId());
    assertEquals("localhost", c.getDomainName());
    assertEquals("localhost", c.getDomainPrefix());
    assertEquals("req-1", c.getRequestId());
    assertEquals("PUT /v1/orgs/{orgId}/security/two-factor", c.getRouteKey());
    assertEquals("$default", c.getStage());
    assertEquals("28/Nov/2026:22:10:05 +0000", c.getTime());
    assertEquals(NOW.toEpochMilli(), c.getTimeEpoch());
    assertEquals("PUT", c.getHttp().getMethod());
    assertEquals("/v1/orgs/acme/security/two-factor", c.getHttp().getPath());
    assertEquals("HTTP/1.1", c.getHttp().getProtocol());
    assertEquals("127.0.0.1", c.getHttp().getSourceIp());
    assertEquals("test-agent/1.0", c.getHttp().getUserAgent());
  }

  @Test
  void emptyPartsAreNullAsApiGatewayLeavesThemOut() {
    APIGatewayV2HTTPEvent e = EventFactory.create(
        request("GET", "/v1/me/two-factor", "", Map.of(), new byte[0]),
        "GET /v1/me/two-factor", Map.of(), "r", NOW);
    assertEquals("", e.getRawQueryString());
    assertNull(e.getQueryStringParameters());
    assertNull(e.getPathParameters());
    assertNull(e.getCookies());
    assertNull(e.getBody());
    assertFalse(e.getIsBase64Encoded());
    assertEquals("", e.getRequestContext().getHttp().getUserAgent());
  }

  @Test
  void binaryContentTypesAreBase64Encoded() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    APIGatewayV2HTTPEvent e = EventFactory.create(
        request("POST", "/x", "", Map.of("Content-Type", List.of("image/png")), png),
        "$default", Map.of(), "r", NOW);
    assertTrue(e.getIsBase64Encoded());
    assertArrayEquals(png, Base64.getDecoder().decode(e.getBody()));
  }

  @Test
  void textContentTypesStayText() {
    for (String type : List.of("text/plain; charset=utf-8", "application/json",
        "application/problem+json", "application/x-www-form-urlencoded", "application/xml")) {
      APIGatewayV2HTTPEvent e = EventFactory.create(
          request("POST", "/x", "", Map.of("Content-Type", List.of(type)),
              "héllo".getBytes(StandardCharsets.UTF_8)),
          "$default", Map.of(), "r", NOW);
      assertFalse(e.getIsBase64Encoded(), type);
      assertEquals("héllo", e.getBody(), type);
    }
  }

  @Test
  void bodyWithoutContentTypeIsTextOnlyIfValidUtf8() {
    APIGatewayV2HTTPEvent text = EventFactory.create(
        request("POST", "/x", "", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
        "$default", Map.of(), "r", NOW);
    assertFalse(text.getIsBase64Encoded());
    APIGatewayV2HTTPEvent bytes = EventFactory.create(
        request("POST", "/x", "", Map.of(), new byte[] {(byte) 0xc3, (byte) 0x28}),
        "$default", Map.of(), "r", NOW);
    assertTrue(bytes.getIsBase64Encoded());
  }
  /**
   * What a keyfob function makes of the JSON the local API hands it: a base64 body decoded, as
   * text when it is UTF-8 and as U+FFFD (which every route refuses) when not; the rest as built.
   */
  @Test
  void aKeyfobFunctionReadsTheBuiltEventsJson() throws Exception {
    ApiRequest utf8 = handed(request("POST", "/v1/me/two-factor/verify", "a=1",
        Map.of("Content-Type", List.of("application/octet-stream"),
            "Authorization", List.of("Bearer t")),
        "{\"code\":\"héllo\"}".getBytes(StandardCharsets.UTF_8)),
        "POST /v1/me/two-factor/verify");
    assertEquals("{\"code\":\"héllo\"}", utf8.body());
    assertEquals("POST", utf8.method());
    assertEquals("/v1/me/two-factor/verify", utf8.path());
    assertEquals("POST /v1/me/two-factor/verify", utf8.routeKey());
    assertEquals("Bearer t", utf8.header("authorization"));
    assertEquals(Map.of("a", "1"), utf8.queryParameters());
    assertEquals("req-2", utf8.requestId());
    ApiRequest binary = handed(request("POST", "/x", "",
        Map.of("Content-Type", List.of("image/png")), new byte[] {(byte) 0x89, 'P', 0}),
        "$default");
    assertEquals("\uFFFD", binary.body());
    assertNull(handed(request("GET", "/x", "", Map.of(), new byte[0]), "$default").body());
  }

  private static ApiRequest handed(LocalRequest request, String routeKey) throws Exception {
    String json = RuntimeSerializer.toJson(
        EventFactory.create(request, routeKey, Map.of(), "req-2", NOW));
    return EventMapping.toRequest(json.getBytes(StandardCharsets.UTF_8), null);
  }
}
