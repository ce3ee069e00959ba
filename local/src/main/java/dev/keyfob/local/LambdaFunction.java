package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * One handler instance of a template function, ready to invoke with an event's JSON as the
 * Lambda Java runtime invokes it (see {@link HandlerFactory}). Implementations are thread-safe as
 * far as the handler is: the local API calls one instance from many threads at once.
 */
@FunctionalInterface
public interface LambdaFunction {

  /**
   * Runs the handler once.
   *
   * @param event the event JSON, the bytes API Gateway would send
   * @return the response JSON the runtime would return to API Gateway ({@code null} for a handler
   *     that returned null)
   * @throws RuntimeException or Error whatever the handler threw, unwrapped (an
   *     {@code IOException} of a stream handler as {@link java.io.UncheckedIOException})
   */
  byte[] invoke(byte[] event, Context context);
}
