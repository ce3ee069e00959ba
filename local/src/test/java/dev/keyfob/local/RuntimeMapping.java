package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How the functions mapped an event while they were {@code RequestHandler}s of
 * {@code APIGatewayV2HTTPEvent} and the Lambda runtime's serializer read their events: the
 * mapping of {@code EventMapping} as it stood at commit 687f8f6, for an event with a request id.
 * The yardstick keyfob's own reading of the event JSON must match.
 */
final class RuntimeMapping {

  private RuntimeMapping() {}

  static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext rc = event.getRequestContext();
    String method = rc != null && rc.getHttp() != null && rc.getHttp().getMethod() != null
        ? rc.getHttp().getMethod() : "GET";
    String path = event.getRawPath() != null ? event.getRawPath()
        : rc != null && rc.getHttp() != null ? rc.getHttp().getPath() : "/";
    return new ApiRequest(method, path, event.getRouteKey(), event.getPathParameters(),
        event.getQueryStringParameters(), event.getHeaders(), body(event), rc.getRequestId());
  }

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
