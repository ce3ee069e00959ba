package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a {@link LocalRequest} into the {@link APIGatewayV2HTTPEvent} an API Gateway HTTP API
 * (payload format 2.0) would deliver, the shape {@code sam local generate-event apigateway
 * http-api-proxy} prints.
 *
 * <p>Header names are lower case and repeated values are joined with commas; {@code Cookie}
 * headers move into {@code cookies}; {@code x-forwarded-*} headers are added as API Gateway does.
 * Query parameters are decoded and repeated values joined with commas. The body is UTF-8 text,
 * or base64 with {@code isBase64Encoded} true when the content type is not textual. Fields API
 * Gateway leaves out when empty (body, cookies, query and path parameters) are null.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventFactory {

  /** The account id every local event carries. */
  public static final String ACCOUNT_ID = "123456789012";

  /** The API id every local event carries. */
  public static final String API_ID = "local";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private EventFactory() {}

  /**
   * Builds the event.
   *
   * @param request the request as received
   * @param routeKey the matched route's key, e.g. {@code "GET /v1/me/two-factor"} or {@code $default}
   * @param pathParameters decoded path parameters of the route; empty for none
   * @param requestId the id of this request, also used as Lambda's request id
   * @param now when the request arrived
   */
  public static APIGatewayV2HTTPEvent create(LocalRequest request, String routeKey,
      Map<String, String> pathParameters, String requestId, Instant now) {
    Map<String, String> headers = new TreeMap<>();
    List<String> cookies = new ArrayList<>();
    request.headers().forEach((name, values) -> {
      if (name.equals("cookie")) {
        for (String v : values) {
          for (String c : v.split(";")) {
            if (!c.isBlank()) {
              cookies.add(c.trim());
            }
          }
        }
      } else {
        headers.put(name, String.join(",", values));
      }
    });
    headers.merge("x-forwarded-for", request.sourceIp(), (a, b) -> a + ", " + b);
    headers.putIfAbsent("x-forwarded-proto", "http");
    headers.putIfAbsent("x-forwarded-port", Integer.toString(request.port()));

    String contentType = headers.get("content-type");
    byte[] body = request.body();
    String bodyText = null;
    boolean base64 = false;
    if (body.length > 0) {
      bodyText = isText(contentType) ? utf8(body) : null;
      if (bodyText == null) {
        bodyText = Base64.getEncoder().encodeToString(body);
        base64 = true;
      }
    }

    APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod(request.method());
    http.setPath(request.rawPath());
    http.setProtocol("HTTP/1.1");
    http.setSourceIp(request.sourceIp());
    http.setUserAgent(headers.getOrDefault("user-agent", ""));

    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setAccountId(ACCOUNT_ID);
    context.setApiId(API_ID);
    context.setDomainName("localhost");
    context.setDomainPrefix("localhost");
    context.setHttp(http);
    context.setRequestId(requestId);
    context.setRouteKey(routeKey);
    context.setStage(TemplateRoute.DEFAULT_KEY);
    context.setTime(TIME.format(now));
    context.setTimeEpoch(now.toEpochMilli());

    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion("2.0");
    event.setRouteKey(routeKey);
    event.setRawPath(request.rawPath());
    event.setRawQueryString(request.rawQuery());
    event.setCookies(cookies.isEmpty() ? null : cookies);
    event.setHeaders(headers);
    event.setQueryStringParameters(queryParameters(request.rawQuery()));
    event.setPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters));
    event.setStageVariables(null);
    event.setBody(bodyText);
    event.setIsBase64Encoded(base64);
    event.setRequestContext(context);
    return event;
  }

  /**
   * Whether API Gateway would pass a body of this content type as text. A missing content type
   * counts as text when the bytes are valid UTF-8.
   */
  static boolean isText(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.equals("application/json")
        || type.endsWith("+json")
        || type.equals("application/xml")
        || type.endsWith("+xml")
        || type.equals("application/javascript")
        || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/graphql");
  }

  /** Decoded query parameters with repeated values joined by commas, or null for none. */
  static Map<String, String> queryParameters(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.merge(name, value, (a, b) -> a + "," + b);
    }
    return params.isEmpty() ? null : params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }

  /** The bytes as UTF-8, or null if they are not valid UTF-8. */
  private static String utf8(byte[] bytes) {
    return dev.keyfob.http.Utf8.decode(bytes).orElse(null);
  }
}
