package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a {@link ProblemException} as {@code application/problem+json} (RFC 9457). */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  public static ApiResponse response(ProblemException problem, String requestId) {
    ProblemType type = problem.type();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.typeUri());
    body.put("title", type.title());
    body.put("status", type.status());
    body.put("detail", problem.detail());
    body.put("code", type.code());
    problem.extensions().forEach((k, v) -> body.put(k, v instanceof Instant t ? Json.time(t) : v));
    body.put("requestId", requestId);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    if (problem.extensions().get("allowed") instanceof java.util.List<?> allowed) {
      headers.put("Allow", String.join(", ", allowed.stream().map(String::valueOf).toList()));
    }
    if (type == ProblemType.UNAUTHENTICATED) {
      headers.put("WWW-Authenticate", "Bearer");
    }
    if (problem.retryAfterSeconds() >= 0) {
      headers.put("Retry-After", Long.toString(problem.retryAfterSeconds()));
    }
    return new ApiResponse(type.status(), headers, Json.write(body));
  }

  public static ApiResponse response(ProblemType type, String detail, String requestId) {
    return response(new ProblemException(type, detail), requestId);
  }
}
