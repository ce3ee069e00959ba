package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.keyfob.problem.ProblemType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers every request of the local API, in this order: a {@code Host} that is not a local host
 * name with no port or this server's port (421, see {@link LocalHostNames}), a request path that
 * is not canonical (400), a body over {@link #MAX_BODY_BYTES} (413), a CORS preflight (when CORS is configured),
 * the development identity provider under {@code /dev/}, a template route, a static file of the
 * web app (only for paths outside {@code /v1/} and {@code /.well-known/}), the {@code $default}
 * route, and finally 405 (known path, other method) or 404.
 *
 * <p>Writes one log line per request: time, method, path (never the query or body), status,
 * milliseconds and request id; headers are never logged. Thread-safe: requests are handled
 * concurrently.
 */
final class LocalDispatcher implements HttpHandler {

  /** The largest request body the local API reads; larger bodies get 413. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final Router router;
  private final Map<String, FunctionDef> definitions;
  private final Map<String, LambdaFunction> functions;
  private final DevIdentityProvider idp;
  private final StaticFiles staticFiles;
  private final LocalCors cors;
  private final Clock clock;
  private final int port;
  private final PrintStream log;

  LocalDispatcher(Router router, Map<String, FunctionDef> definitions,
      Map<String, LambdaFunction> functions, DevIdentityProvider idp, StaticFiles staticFiles,
      LocalCors cors, Clock clock, int port, PrintStream log) {
    this.router = router;
    this.definitions = Map.copyOf(definitions);
    this.functions = Map.copyOf(functions);
    this.idp = idp;
    this.staticFiles = staticFiles;
    this.cors = cors;
    this.clock = clock;
    this.port = port;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange exchange) {
    long started = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawPath = exchange.getRequestURI().getRawPath();
    if (rawPath == null || rawPath.isEmpty()) {
      rawPath = "/";
    }
    String outcome = "?";
    try {
      LocalResponse response;
      try {
        response = respond(exchange, method, rawPath, requestId);
      } catch (IOException e) {
        outcome = "client went away";
        return;
      } catch (RuntimeException | Error e) {
        log.println("[keyfob-local] internal error in the local API, request " + requestId);
        e.printStackTrace(log);
        response = LocalProblems.internalError("The local API failed; see its log.");
      }
      response = response.withHeader("apigw-requestid", requestId);
      // The handlers' responses carry these already; the local API's own answers (a path that
      // is not canonical, a body over 1 MiB, /dev/* errors) must too.
      if (!response.hasHeader("X-Request-Id")) {
        response = response.withHeader("X-Request-Id", requestId);
      }
      if (!response.hasHeader("Cache-Control")) {
        response = response.withHeader("Cache-Control", "no-store");
      }
      outcome = Integer.toString(response.status());
      HttpIo.write(exchange, response, method.equals("HEAD"));
    } catch (IOException e) {
      outcome += " (client went away)";
    } finally {
      exchange.close();
      long ms = (System.nanoTime() - started) / 1_000_000;
      log.println("[keyfob-local] " + method + " " + rawPath + " " + outcome + " " + ms + "ms "
          + requestId);
    }
  }

  private LocalResponse respond(HttpExchange exchange, String method, String rawPath,
      String requestId) throws IOException {
    if (!LocalHostNames.accepts(exchange.getRequestHeaders().get("Host"), port)) {
      return LocalProblems.of(ProblemType.MISDIRECTED_REQUEST,
          "The local API answers only requests addressed to localhost, 127.0.0.1 or [::1].")
          .withHeader("Connection", "close");
    }
    if (!rawPath.startsWith("/") || !StaticFiles.isCanonical(rawPath)) {
      return LocalProblems.of(ProblemType.INVALID_REQUEST,
          "The request path must not contain '.' or '..' segments, backslashes or NUL.");
    }
    byte[] body = HttpIo.readBody(exchange.getRequestBody(), MAX_BODY_BYTES);
    if (body == null) {
      return LocalProblems.of(ProblemType.PAYLOAD_TOO_LARGE,
          "The request body is larger than the local API accepts (1 MiB).")
          .withHeader("Connection", "close");
    }
    LocalRequest request = new LocalRequest(method, rawPath,
        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body,
        exchange.getRemoteAddress().getAddress().getHostAddress(), port);
    if (cors != null && LocalCors.isPreflight(request)) {
      return cors.preflight(request);
    }
    LocalResponse response = route(request, requestId);
    return cors == null ? response : cors.decorate(request, response);
  }

  private LocalResponse route(LocalRequest request, String requestId) {
    String path = request.rawPath();
    if (path.startsWith("/dev/")) {
      LocalResponse r = idp.respond(request, path);
      return r != null ? r : LocalProblems.of(ProblemType.NOT_FOUND,
          "The development identity provider has only /dev/token and /dev/jwks.json.");
    }
    Router.Match match = router.match(request.method(), path);
    if (match.found()) {
      return invoke(match.route(), match.pathParameters(), request, requestId);
    }
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    if (read && staticFiles != null && !isApiPath(path)) {
      Optional<LocalResponse> file = staticFiles.serve(path, request.method().equals("HEAD"));
      if (file.isPresent()) {
        return file.get();
      }
    }
    Optional<TemplateRoute> fallback = router.defaultRoute();
    if (fallback.isPresent()) {
      return invoke(fallback.get(), Map.of(), request, requestId);
    }
    if (!match.allowedMethods().isEmpty()) {
      return LocalProblems.of(ProblemType.METHOD_NOT_ALLOWED,
              "This path does not accept " + request.method() + ".")
          .withHeader("Allow", String.join(", ", match.allowedMethods()));
    }
    return LocalProblems.of(ProblemType.NOT_FOUND, "There is no such route.");
  }

  private LocalResponse invoke(TemplateRoute route, Map<String, String> pathParameters,
      LocalRequest request, String requestId) {
    FunctionDef definition = definitions.get(route.functionId());
    LambdaFunction function = functions.get(route.functionId());
    Instant now = clock.instant();
    APIGatewayV2HTTPEvent event =
        EventFactory.create(request, route.routeKey(), pathParameters, requestId, now);
    // The bytes API Gateway would send: the event as JSON, in its member names.
    byte[] json = RuntimeSerializer.toJson(event).getBytes(StandardCharsets.UTF_8);
    LocalLambdaContext context = new LocalLambdaContext(definition, requestId, log);
    byte[] result;
    try {
      result = function.invoke(json, context);
    } catch (Throwable t) { // whatever a handler throws becomes a 500, as on Lambda
      log.println("[keyfob-local] function " + definition.logicalId() + " threw "
          + t.getClass().getName() + " on request " + requestId);
      t.printStackTrace(log);
      return LocalProblems.internalError(
          "The function failed unexpectedly; see the local API's log.");
    }
    if (context.getRemainingTimeInMillis() < 0) {
      log.println("[keyfob-local] warning: function " + definition.logicalId()
          + " ran longer than its Timeout of " + definition.timeoutSeconds() + " s; Lambda"
          + " would have stopped it");
    }
    try {
      return LocalResponse.fromLambdaJson(result);
    } catch (IllegalStateException e) {
      log.println("[keyfob-local] function " + definition.logicalId() + ": " + e.getMessage()
          + " on request " + requestId);
      return LocalProblems.internalError("The function returned an unusable response.");
    }
  }

  private static boolean isApiPath(String path) {
    return path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/.well-known/");
  }
}
