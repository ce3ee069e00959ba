package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.app.KeyfobApp;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fake handler with a non-standard method name ({@code Handler: ...LatchHandler::await}): each
 * call counts down {@link #latch} and waits for it, so it answers 200 only if enough calls run
 * at the same time, else 504 after 10 s.
 */
public final class LatchHandler {

  /** Set by the test before sending its requests. */
  public static volatile CountDownLatch latch = new CountDownLatch(0);

  public LatchHandler(KeyfobApp app) {}

  public APIGatewayV2HTTPResponse await(APIGatewayV2HTTPEvent event, Context context) {
    CountDownLatch l = latch;
    l.countDown();
    boolean together;
    try {
      together = l.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      together = false;
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(together ? 200 : 504)
        .withBody(together ? "together" : "alone")
        .build();
  }
}
