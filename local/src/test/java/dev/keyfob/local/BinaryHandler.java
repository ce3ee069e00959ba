package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.app.KeyfobApp;
import java.util.Base64;
import java.util.Map;

/** Fake handler: answers 256 bytes 0..255, base64-encoded as API Gateway expects. */
public final class BinaryHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  /** The bytes every response carries. */
  public static byte[] bytes() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  public BinaryHandler(KeyfobApp app) {}

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(Map.of("Content-Type", "application/octet-stream"))
        .withBody(Base64.getEncoder().encodeToString(bytes()))
        .withIsBase64Encoded(true)
        .build();
  }
}
