package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void readsAnEventFileInPayloadFormat2() throws Exception {
    APIGatewayV2HTTPEvent e = EventJson.eventFromJson(
        Files.readString(Fixtures.resource("events/get-security.json")));
    assertEquals("2.0", e.getVersion());
    assertEquals("GET /v1/orgs/{orgId}/security", e.getRouteKey());
    assertEquals("/v1/orgs/acme/security", e.getRawPath());
    assertEquals("a=1&a=2&b=x", e.getRawQueryString());
    assertEquals(List.of("cookie1", "cookie2"), e.getCookies());
    assertEquals("curl/8.0", e.getHeaders().get("user-agent"));
    assertEquals(Map.of("a", "1,2", "b", "x"), e.getQueryStringParameters());
    assertEquals(Map.of("orgId", "acme"), e.getPathParameters());
    assertEquals(Map.of("stageVariable1", "value1"), e.getStageVariables());
    assertEquals("eyJ0ZXN0IjoiYm9keSJ9", e.getBody());
    assertTrue(e.getIsBase64Encoded());
    APIGatewayV2HTTPEvent.RequestContext c = e.getRequestContext();
    assertEquals("invoke-request-1", c.getRequestId());
    assertEquals(1583348638390L, c.getTimeEpoch());
    assertEquals("GET", c.getHttp().getMethod());
    assertEquals("192.168.0.1", c.getHttp().getSourceIp());
    assertEquals(Map.of("claim1", "value1"), c.getAuthorizer().getJwt().getClaims());
    assertEquals(List.of("scope1"), c.getAuthorizer().getJwt().getScopes());
  }

  @Test
  void eventSurvivesARoundTrip() {
    APIGatewayV2HTTPEvent original = EventFactory.create(
        new LocalRequest("POST", "/v1/me/two-factor/verify", "q=1",
            Map.of("Content-Type", List.of("application/json"), "Cookie", List.of("a=b")),
            "{\"code\":\"123456\"}".getBytes(), "127.0.0.1", 3000),
        "POST /v1/me/two-factor/verify", Map.of(), "rid", Instant.parse("2026-01-02T03:04:05Z"));
    String json = EventJson.eventToJson(original);
    assertTrue(json.contains("\"stageVariables\":null"), "null members are written: " + json);
    APIGatewayV2HTTPEvent back = EventJson.eventFromJson(json);
    assertEquals(EventJson.eventToMap(original), EventJson.eventToMap(back));
  }

  @Test
  void responseSurvivesARoundTrip() {
    APIGatewayV2HTTPResponse r = APIGatewayV2HTTPResponse.builder()
        .withStatusCode(429)
        .withHeaders(Map.of("Retry-After", "30"))
        .withCookies(List.of("a=b"))
        .withBody("{}")
        .build();
    APIGatewayV2HTTPResponse back = EventJson.responseFromJson(EventJson.responseToJson(r));
    assertEquals(429, back.getStatusCode());
    assertEquals(Map.of("Retry-After", "30"), back.getHeaders());
    assertEquals(List.of("a=b"), back.getCookies());
    assertNull(back.getMultiValueHeaders());
    assertEquals("{}", back.getBody());
  }

  @Test
  void wrongTypesAndNonObjectsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> EventJson.eventFromJson("[1]"));
    assertThrows(IllegalArgumentException.class, () -> EventJson.eventFromJson("{"));
    assertThrows(IllegalArgumentException.class, () -> EventJson.eventFromJson("{} {}"));
    assertThrows(IllegalArgumentException.class,
        () -> EventJson.eventFromJson("{\"rawPath\": 5}"));
    assertThrows(IllegalArgumentException.class,
        () -> EventJson.eventFromJson("{\"headers\": [\"x\"]}"));
    assertThrows(IllegalArgumentException.class,
        () -> EventJson.eventFromJson("{\"isBase64Encoded\": \"yes\"}"));
  }
}
