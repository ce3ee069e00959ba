package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.app.KeyfobApp;

/** Fake handler: throws on {@code /v1/fail}, returns null otherwise. */
public final class FailingHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  public FailingHandler(KeyfobApp app) {}

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (event.getRawPath().equals("/v1/fail")) {
      throw new IllegalStateException("boom (fake handler failure)");
    }
    return null;
  }
}
