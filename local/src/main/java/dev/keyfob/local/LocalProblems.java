package dev.keyfob.local;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.problem.ProblemType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code application/problem+json} responses (RFC 9457) for what the local API answers itself:
 * no route, too large a body, bad dev-token input, a handler that failed. Same shape as the
 * handlers' problems: {@code type}, {@code title}, {@code status}, {@code detail}, {@code code}.
 *
 * <p>Stateless and thread-safe.
 */
final class LocalProblems {

  /** Media type of every problem response. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private LocalProblems() {}

  /** A problem of a contract type, with a detail for people (never a secret or a token). */
  public static LocalResponse of(ProblemType type, String detail) {
    return body(type.typeUri(), type.title(), type.status(), detail, type.code());
  }

  /** 500 for a handler that threw or answered something unusable; this should never happen. */
  public static LocalResponse internalError(String detail) {
    return of(ProblemType.INTERNAL, detail);
  }

  private static LocalResponse body(String type, String title, int status, String detail,
      String code) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("code", code);
    try {
      return LocalResponse.text(status, MEDIA_TYPE, JSON.std.asString(problem));
    } catch (IOException e) {
      throw new AssertionError("a map of strings and numbers always serialises", e);
    }
  }
}
