package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.app.KeyfobApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fake handler: answers with the event it got as JSON (as the Lambda runtime writes it), and
 * tells in headers which function and instance ran and what settings it was given.
 * {@code ?status=N} picks the status code.
 */
public final class EchoHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final KeyfobApp app;

  public EchoHandler(KeyfobApp app) {
    this.app = app;
  }

  public EchoHandler() {
    this(KeyfobApp.fromEnvironment());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    context.getLogger().log("echo handler ran for " + context.getFunctionName() + "\n");
    Map<String, String> query = event.getQueryStringParameters();
    int status = query != null && query.containsKey("status")
        ? Integer.parseInt(query.get("status")) : 200;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    headers.put("X-Function", context.getFunctionName());
    headers.put("X-Aws-Request-Id", context.getAwsRequestId());
    headers.put("X-Remaining-Ms", Integer.toString(context.getRemainingTimeInMillis()));
    headers.put("X-Memory-Mb", Integer.toString(context.getMemoryLimitInMB()));
    headers.put("X-Instance", Integer.toString(System.identityHashCode(this)));
    headers.put("X-App", Integer.toString(System.identityHashCode(app)));
    headers.put("X-Table", app.settings().tableName());
    headers.put("X-Jwks", app.settings().idpJwksUrl().toString());
    headers.put("X-Issuer", app.settings().mfaIssuer());
    headers.put("Access-Control-Allow-Origin", "https://evil.example");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers)
        .withMultiValueHeaders(Map.of("X-Multi", List.of("a", "b")))
        .withCookies(List.of("session=abc; Path=/; HttpOnly", "theme=dark"))
        .withBody(RuntimeSerializer.toJson(event))
        .withIsBase64Encoded(false)
        .build();
  }
}
