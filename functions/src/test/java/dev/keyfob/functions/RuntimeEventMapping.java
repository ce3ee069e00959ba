package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The yardstick {@link EventMapping} must match: how the functions mapped an event while they
 * were {@code RequestHandler}s of {@code APIGatewayV2HTTPEvent} and the Lambda runtime's
 * serializer read their events, kept exactly as {@code EventMapping.toRequest} and its
 * {@code body} stood at commit 687f8f6. A frozen copy on purpose (so it repeats the body rule of
 * {@code EventMapping}): an oracle that called the code under test would prove nothing. Used by
 * {@code EventMappingTest} and, through this module's test jar, by the local API's
 * {@code RuntimeSerializerTest}.
 */
public final class RuntimeEventMapping {

  private RuntimeEventMapping() {}

  /** The request the old mapping made of an event object the runtime's serializer read. */
  public static ApiRequest toRequest(APIGatewayV2HTTPEvent event, Context context) {
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
