package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * One handler instance of a template function, ready to invoke. Implementations are thread-safe
 * as far as the handler is: the local API calls one instance from many threads at once.
 */
@FunctionalInterface
public interface LambdaFunction {

  /**
   * Runs the handler once.
   *
   * @return whatever the handler returned (possibly null)
   * @throws RuntimeException or Error whatever the handler threw, unwrapped
   */
  APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context context);
}
