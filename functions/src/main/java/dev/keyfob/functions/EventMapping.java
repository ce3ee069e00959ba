package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.ApiResponse;
import dev.keyfob.http.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Converts between API Gateway HTTP API payload format 2.0 and keyfob's Lambda-free
 * {@link ApiRequest}/{@link ApiResponse}.
 */
final class EventMapping {

  private EventMapping() {}

  static ApiRequest toRequest(APIGatewayV2HTTPEvent event, Context context) {
    APIGatewayV2HTTPEvent.RequestContext rc = event.getRequestContext();
    String method = rc != null && rc.getHttp() != null && rc.getHttp().getMethod() != null
        ? rc.getHttp().getMethod() : "GET";
    String path = event.getRawPath() != null ? event.getRawPath()
        : rc != null && rc.getHttp() != null ? rc.getHttp().getPath() : "/";
    String requestId = rc != null && rc.getRequestId() != null ? rc.getRequestId()
        : context != null && context.getAwsRequestId() != null ? context.getAwsRequestId()
        : UUID.randomUUID().toString();
    return new ApiRequest(method, path, event.getRouteKey(), event.getPathParameters(),
        event.getQueryStringParameters(), event.getHeaders(), body(event), requestId);
  }

  static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(Map.copyOf(response.headers()))
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
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
  private static String body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null || !event.getIsBase64Encoded()) {
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
