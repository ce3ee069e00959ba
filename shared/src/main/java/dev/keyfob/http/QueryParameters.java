package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.util.Map;

/** Typed access to a request's query string, answering 400 for values out of contract. */
final class QueryParameters {

  private final Map<String, String> values;

  QueryParameters(Map<String, String> values) {
    this.values = values;
  }

  /** {@code limit}: 1..max, default {@code fallback}. */
  int limit(int max, int fallback) {
    String v = values.get("limit");
    if (v == null) {
      return fallback;
    }
    if (!v.matches("[0-9]{1,4}")) {
      throw invalidLimit(max);
    }
    int n = Integer.parseInt(v, 10);
    if (n < 1 || n > max) {
      throw invalidLimit(max);
    }
    return n;
  }

  String cursor() {
    String v = values.get("cursor");
    return v == null || v.isEmpty() ? null : v;
  }

  private static ProblemException invalidLimit(int max) {
    return new ProblemException(ProblemType.INVALID_REQUEST,
        "limit must be a whole number from 1 to " + max + ".");
  }
}
