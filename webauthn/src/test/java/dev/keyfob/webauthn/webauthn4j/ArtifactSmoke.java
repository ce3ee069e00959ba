package dev.keyfob.webauthn.webauthn4j;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * Run by {@link WebAuthnArtifactIT} in a child JVM whose classpath is the deployment artifact
 * and this one class: builds a handler through its Lambda (no-arg) constructor from the
 * environment, as Lambda does, hands it one request's event JSON (as the Lambda runtime hands a
 * stream handler the bytes API Gateway sent) with the bearer token in {@value #TOKEN_VARIABLE},
 * and prints the status of the response JSON it writes. Shows that what the artifact leaves out is
 * not needed to serve a request.
 */
public final class ArtifactSmoke {

  /** Starts the line that carries the status; the handler's request log also goes to stdout. */
  static final String STATUS_PREFIX = "[artifact-smoke] status ";

  private ArtifactSmoke() {}

  /** Where the token comes from: an environment variable, so it is on no command line. */
  static final String TOKEN_VARIABLE = "ARTIFACT_SMOKE_TOKEN";

  /** {@code ArtifactSmoke HANDLER_CLASS ROUTE_KEY BODY}; prints the status on stdout. */
  public static void main(String[] args) throws Exception {
    RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
    String[] route = args[1].split(" ", 2);
    byte[] event = JSON.std.asBytes(Map.of(
        "version", "2.0",
        "routeKey", args[1],
        "rawPath", route[1],
        "headers", Map.of("authorization", "Bearer " + System.getenv(TOKEN_VARIABLE),
            "content-type", "application/json"),
        "body", args[2],
        "isBase64Encoded", false,
        "requestContext", Map.of("requestId", "artifact-smoke",
            "http", Map.of("method", route[0], "path", route[1]))));
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), response, null);
    Object status = JSON.std.mapFrom(response.toByteArray()).get("statusCode");
    System.out.println(STATUS_PREFIX + status);
    // The handler's warm-up threads are daemons, but exit at once rather than wait on them.
    System.exit(0);
  }
}
