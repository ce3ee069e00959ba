package dev.keyfob.http;

import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request pipeline every function shares, in the contract's order: route and method (404,
 * 405), body size (413), then the route's endpoint (which checks the token, the body, who may
 * call and the route's rules). It turns outcomes into responses one-to-one, adds
 * {@code Cache-Control: no-store}, the request id and CORS headers to every response, and logs
 * one line per request. Nothing a client sends makes it answer 500.
 */
public final class ApiDispatcher {

  /** Largest request body the contract accepts, in bytes. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private final Map<Route, Endpoint> endpoints;
  private final Cors cors;
  private final RequestLog log;

  public ApiDispatcher(Map<Route, Endpoint> endpoints, Cors cors, RequestLog log) {
    this.endpoints = new EnumMap<>(endpoints);
    this.cors = cors;
    this.log = log;
  }

  /** The routes this dispatcher serves. */
  public java.util.Set<Route> routes() {
    return endpoints.keySet();
  }

  public ApiResponse handle(ApiRequest request) {
    long started = System.nanoTime();
    ApiResponse response;
    String code = null;
    String metric = null;
    try {
      response = dispatch(request);
      metric = Metrics.forSuccess(request.routeKey(), response.status());
    } catch (ProblemException problem) {
      code = problem.type().code();
      metric = Metrics.forProblem(request.routeKey(), problem);
      if (problem instanceof DependencyUnavailableException unavailable) {
        log.error("dependency unavailable: " + unavailable.dependency(), request.requestId(),
            unavailable.getCause() == null ? unavailable : unavailable.getCause());
      }
      response = Problems.response(problem, request.requestId());
    } catch (RuntimeException | Error fault) {
      code = ProblemType.INTERNAL.code();
      log.error("unhandled fault", request.requestId(), fault);
      response = Problems.response(ProblemType.INTERNAL,
          "Something went wrong on our side. Please try again.", request.requestId());
    }
    Map<String, String> headers = new LinkedHashMap<>(cors.headersFor(request.header("origin")));
    headers.put("Cache-Control", "no-store");
    headers.put("X-Request-Id", request.requestId());
    response = response.withHeaders(headers);
    log.request(request.routeKey(), response.status(), code,
        (System.nanoTime() - started) / 1_000_000, request.requestId(), metric);
    return response;
  }

  /**
   * The answer to an event that is not a request at all (not a JSON object, or members of the
   * wrong type; API Gateway never sends one): 400 {@code INVALID_REQUEST}, with the request id
   * and {@code Cache-Control: no-store} like every answer but no CORS headers (no origin could be
   * read), logged as a request of route {@code $default}. Never a 500, never a stack trace.
   */
  public ApiResponse unreadable(String requestId) {
    long started = System.nanoTime();
    ProblemException problem = new ProblemException(ProblemType.INVALID_REQUEST,
        "The request could not be read.");
    ApiResponse response = Problems.response(problem, requestId).withHeaders(
        Map.of("Cache-Control", "no-store", "X-Request-Id", requestId));
    log.request("$default", response.status(), problem.type().code(),
        (System.nanoTime() - started) / 1_000_000, requestId,
        Metrics.forProblem("$default", problem));
    return response;
  }

  private ApiResponse dispatch(ApiRequest request) {
    Route route = Route.byRouteKey(request.routeKey())
        .orElseGet(() -> Route.match(request.method(), request.path()).orElse(null));
    if (route == null || !endpoints.containsKey(route)) {
      List<String> allowed = Route.methodsFor(request.path());
      if (!allowed.isEmpty() && (route == null)) {
        throw new ProblemException(ProblemType.METHOD_NOT_ALLOWED,
            request.method() + " is not allowed here; use " + String.join(" or ", allowed) + ".",
            Map.of("allowed", allowed));
      }
      throw new ProblemException(ProblemType.NOT_FOUND, "There is no such route.");
    }
    if (request.body() != null
        && request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
          "The request body is larger than 16 KiB.");
    }
    return endpoints.get(route).handle(withPathParameters(request, route));
  }

  /** Requests that reached us through {@code $default} carry no path parameters yet. */
  private static ApiRequest withPathParameters(ApiRequest request, Route route) {
    if (!request.pathParameters().isEmpty() || !route.pathTemplate().contains("{")) {
      return request;
    }
    Map<String, String> params = route.matchPath(request.path()).orElse(Map.of());
    return new ApiRequest(request.method(), request.path(), route.routeKey(), params,
        request.queryParameters(), request.headers(), request.body(), request.requestId());
  }
}
