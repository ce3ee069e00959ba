package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.ApiResponse;
import dev.keyfob.http.Cors;
import dev.keyfob.http.Endpoint;
import dev.keyfob.http.Endpoints;
import dev.keyfob.http.RequestLog;
import dev.keyfob.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Base of every keyfob function: reads the API Gateway event (HTTP API payload format 2.0) as an
 * {@link ApiRequest}, runs the shared {@link ApiDispatcher} over this function's routes and writes
 * the response JSON back. Subclasses only choose their routes.
 *
 * <p>A {@link RequestStreamHandler}, so the Lambda Java runtime passes the event's bytes through
 * and returns the bytes written, without its own serializer (a shaded Jackson of some 750
 * classes, the largest single cost of a cold start above the SDK floor; see
 * docs/performance.md); {@link EventMapping} does both directions with keyfob's jackson-jr. An
 * event that is not one JSON object of the format's types (API Gateway never sends one) is
 * answered 400 {@code INVALID_REQUEST}, never 500.
 *
 * <p>Lambda calls the no-arg constructor of a subclass once per execution environment, which
 * builds the {@link KeyfobApp} (and so the AWS clients) once; tests and the local API pass their
 * own app.
 */
public abstract class ApiGatewayHandler implements RequestStreamHandler {

  private final KeyfobApp app;
  private final ApiDispatcher dispatcher;
  /** Kept so the registered hooks live as long as the handler. */
  @SuppressWarnings("unused")
  private SnapStartPriming lambdaHooks;

  protected ApiGatewayHandler(KeyfobApp app, Function<Endpoints, Map<Route, Endpoint>> routes) {
    this.app = app;
    this.dispatcher = new ApiDispatcher(routes.apply(new Endpoints(app.services())),
        new Cors(app.corsAllowedOrigins()), RequestLog.stdout());
  }

  /**
   * Starts loading, in the background, what the first request will need (see {@link Warmup}).
   * The no-arg constructors of the functions call this; tests and the local API may.
   *
   * @return the started warm-up, to wait on if wanted
   */
  public Warmup prepare() {
    return Warmup.start(app, routes());
  }

  /**
   * Answers one event: reads it from {@code input}, writes the response JSON to {@code output}.
   *
   * @throws IOException only if reading {@code input} or writing {@code output} fails
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] event = input.readAllBytes();
    ApiResponse response;
    try {
      response = dispatcher.handle(EventMapping.toRequest(event, context));
    } catch (EventMapping.UnreadableEventException unreadable) {
      response = dispatcher.unreadable(EventMapping.requestId(context));
    }
    output.write(EventMapping.toJson(response));
  }

  /**
   * What the no-arg (Lambda) constructors call last: SnapStart hooks, which also start the
   * background warm-up. Without SnapStart the hooks are never called and only the warm-up runs.
   */
  protected final void onLambda() {
    lambdaHooks = SnapStartPriming.register(this, app, routes());
  }

  /** The app this handler runs on. */
  protected KeyfobApp app() {
    return app;
  }

  /** The contract routes this function serves. */
  public Set<Route> routes() {
    return dispatcher.routes();
  }
}
