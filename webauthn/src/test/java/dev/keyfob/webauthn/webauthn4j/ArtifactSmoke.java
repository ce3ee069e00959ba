package dev.keyfob.webauthn.webauthn4j;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * Run by {@link WebAuthnArtifactIT} in a child JVM whose classpath is the deployment artifact
 * and this one class: builds a handler through its Lambda (no-arg) constructor from the
 * environment, as Lambda does, hands it one request with the bearer token in
 * {@value #TOKEN_VARIABLE}, and prints the status. Shows that what the artifact leaves out is
 * not needed to serve a request.
 */
public final class ArtifactSmoke {

  /** Starts the line that carries the status; the handler's request log also goes to stdout. */
  static final String STATUS_PREFIX = "[artifact-smoke] status ";

  private ArtifactSmoke() {}

  /** Where the token comes from: an environment variable, so it is on no command line. */
  static final String TOKEN_VARIABLE = "ARTIFACT_SMOKE_TOKEN";

  /** {@code ArtifactSmoke HANDLER_CLASS ROUTE_KEY BODY}; prints the status on stdout. */
  public static void main(String[] args) throws ReflectiveOperationException {
    @SuppressWarnings("unchecked")
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
            Class.forName(args[0]).getConstructor().newInstance();
    String[] route = args[1].split(" ", 2);
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(args[1])
        .withRawPath(route[1])
        .withHeaders(Map.of("authorization", "Bearer " + System.getenv(TOKEN_VARIABLE),
            "content-type", "application/json"))
        .withBody(args[2])
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("artifact-smoke")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(route[0]).withPath(route[1]).build())
            .build())
        .build();
    int status = handler.handleRequest(event, null).getStatusCode();
    System.out.println(STATUS_PREFIX + status);
    // The handler's warm-up threads are daemons, but exit at once rather than wait on them.
    System.exit(0);
  }
}
