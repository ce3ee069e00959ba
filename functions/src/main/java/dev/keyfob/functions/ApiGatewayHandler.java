package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.Cors;
import dev.keyfob.http.Endpoint;
import dev.keyfob.http.Endpoints;
import dev.keyfob.http.RequestLog;
import dev.keyfob.http.Route;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Base of every keyfob function: maps the API Gateway event to an
 * {@link dev.keyfob.http.ApiRequest}, runs the shared {@link ApiDispatcher} over this function's
 * routes and maps the response back. Subclasses only choose their routes.
 *
 * <p>Lambda calls the no-arg constructor of a subclass once per execution environment, which
 * builds the {@link KeyfobApp} (and so the AWS clients) once; tests and the local API pass their
 * own app.
 */
public abstract class ApiGatewayHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

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

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return EventMapping.toResponse(dispatcher.handle(EventMapping.toRequest(event, context)));
  }

  /**
   * What the no-arg (Lambda) constructors call last: SnapStart hooks, which also start the
   * background warm-up. Without SnapStart the hooks are never called and only the warm-up runs.
   */
  protected final void onLambda() {
    lambdaHooks = SnapStartPriming.register(this, app, dispatcher, routes());
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
