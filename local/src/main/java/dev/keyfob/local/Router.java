package dev.keyfob.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches requests to routes the way an API Gateway HTTP API does.
 *
 * <p>A path template is split on {@code /}; a segment is a literal, a parameter {@code {name}}
 * (one non-empty segment), or, as the last segment only, a greedy parameter {@code {name+}} (one
 * or more segments). Literals are compared with the percent-decoded request segment; parameter
 * values are percent-decoded. When several routes match, the most specific wins: segment by
 * segment a literal beats a parameter, which beats a greedy parameter; then an exact method
 * beats {@code ANY}. The {@code $default} route is never matched here; see {@link #defaultRoute()}.
 *
 * <p>Immutable and thread-safe.
 */
final class Router {

  private static final int LITERAL = 3;
  private static final int PARAMETER = 2;
  private static final int GREEDY = 1;

  private final List<Compiled> routes;
  private final TemplateRoute defaultRoute;

  /** @throws IllegalArgumentException if a path template is malformed */
  public Router(List<TemplateRoute> routes) {
    List<Compiled> compiled = new ArrayList<>();
    TemplateRoute fallback = null;
    for (TemplateRoute r : routes) {
      if (r.isDefault()) {
        fallback = r;
      } else {
        compiled.add(new Compiled(r, segments(r.path())));
      }
    }
    this.routes = List.copyOf(compiled);
    this.defaultRoute = fallback;
  }

  /** The {@code $default} route, if there is one. */
  public Optional<TemplateRoute> defaultRoute() {
    return Optional.ofNullable(defaultRoute);
  }

  /**
   * The most specific route for a request.
   *
   * @param method upper-case request method
   * @param rawPath the request path as sent, still percent-encoded
   */
  public Match match(String method, String rawPath) {
    String[] parts = rawPath.split("/", -1);
    Compiled best = null;
    int[] bestRank = null;
    Map<String, String> bestParams = null;
    Set<String> pathMethods = new TreeSet<>();
    for (Compiled c : routes) {
      Map<String, String> params = c.bind(parts);
      if (params == null) {
        continue;
      }
      pathMethods.add(c.route.method());
      if (!c.route.method().equals(TemplateRoute.ANY) && !c.route.method().equals(method)) {
        continue;
      }
      int[] rank = c.rank();
      if (best == null || compare(rank, bestRank) > 0) {
        best = c;
        bestRank = rank;
        bestParams = params;
      }
    }
    if (best != null) {
      return new Match(best.route, Collections.unmodifiableMap(bestParams), Set.of());
    }
    return new Match(null, Map.of(), Collections.unmodifiableSet(pathMethods));
  }

  /**
   * Outcome of {@link #match}.
   *
   * @param route the matched route, or null
   * @param pathParameters decoded values of the route's path parameters, by name
   * @param allowedMethods when nothing matched: the methods of routes whose path matched
   *     (non-empty means "known path, wrong method")
   */
  record Match(TemplateRoute route, Map<String, String> pathParameters,
      Set<String> allowedMethods) {

    /** Whether a route matched. */
    public boolean found() {
      return route != null;
    }
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static List<Segment> segments(String path) {
    String[] parts = path.split("/", -1);
    List<Segment> result = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        String name = p.substring(1, p.length() - 1);
        boolean greedy = name.endsWith("+");
        if (greedy) {
          name = name.substring(0, name.length() - 1);
          if (i != parts.length - 1) {
            throw new IllegalArgumentException("greedy parameter must be last: " + path);
          }
        }
        if (!name.matches("[A-Za-z0-9_.-]+")) {
          throw new IllegalArgumentException("bad path parameter name in " + path);
        }
        result.add(new Segment(greedy ? GREEDY : PARAMETER, name));
      } else {
        if (p.contains("{") || p.contains("}")) {
          throw new IllegalArgumentException("a path parameter must be a whole segment: " + path);
        }
        result.add(new Segment(LITERAL, p));
      }
    }
    return result;
  }

  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      // URLDecoder would turn '+' into a space; in a path '+' is itself.
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }

  private record Segment(int kind, String text) {}

  private record Compiled(TemplateRoute route, List<Segment> segments) {

    /** The path parameters if the request path (split on '/') fits this route, else null. */
    Map<String, String> bind(String[] parts) {
      if (parts.length < 2 || !parts[0].isEmpty()) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      int n = parts.length - 1; // request segments after the leading empty one
      for (int i = 0; i < segments.size(); i++) {
        Segment s = segments.get(i);
        if (s.kind == GREEDY) {
          if (i >= n) {
            return null;
          }
          String rest = String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
          if (rest.isEmpty()) {
            return null;
          }
          params.put(s.text, decode(rest));
          return params;
        }
        if (i >= n) {
          return null;
        }
        String part = parts[i + 1];
        if (s.kind == LITERAL) {
          if (!part.equals(s.text) && !decode(part).equals(s.text)) {
            return null;
          }
        } else {
          if (part.isEmpty()) {
            return null;
          }
          params.put(s.text, decode(part));
        }
      }
      return segments.size() == n ? params : null;
    }

    int[] rank() {
      int[] rank = new int[segments.size() + 1];
      for (int i = 0; i < segments.size(); i++) {
        rank[i] = segments.get(i).kind;
      }
      rank[segments.size()] = route.method().equals(TemplateRoute.ANY) ? 0 : 1;
      return rank;
    }
  }
}
