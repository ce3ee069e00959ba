package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;

/**
 * The {@code limit} and {@code cursor} of a listing route, validated: limit 1-100 (default 50),
 * cursor absent or one the listing produced. Anything else is 400, before who-may-call checks.
 *
 * @param after the key of the last item of the previous page, or null for the first page
 */
record PageRequest(int limit, String after) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;

  static PageRequest of(ApiRequest request, String cursorKind) {
    String cursor = request.queryParameters().get("cursor");
    cursor = cursor == null || cursor.isEmpty() ? null : cursor;
    String after = Cursors.decode(cursorKind, cursor).orElse(null);
    return new PageRequest(limit(request.queryParameters().get("limit")), after);
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    if (!value.matches("[0-9]{1,4}")) {
      throw invalidLimit();
    }
    int n = Integer.parseInt(value, 10);
    if (n < 1 || n > MAX_LIMIT) {
      throw invalidLimit();
    }
    return n;
  }

  private static ProblemException invalidLimit() {
    return new ProblemException(ProblemType.INVALID_REQUEST,
        "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
  }
}
