package dev.keyfob.local;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an AWS SAM template (YAML or JSON) into a {@link SamTemplate}.
 *
 * <p>CloudFormation short-form intrinsics ({@code !Ref}, {@code !GetAtt}, {@code !Sub},
 * {@code !If}, {@code !Equals} and any other {@code !Tag}) are accepted anywhere and kept as
 * {@link Intrinsic} values; nothing is evaluated. Only the safe YAML types are constructed.
 *
 * <p>From each {@code AWS::Serverless::Function} it takes {@code Handler}, {@code Timeout},
 * {@code MemorySize} and {@code CodeUri} (falling back to {@code Globals.Function}) and every
 * event of {@code Type: HttpApi}: {@code Path} and {@code Method} make a route; an event with no
 * {@code Path}, or {@code Path: $default}, is the {@code $default} route. CORS comes from the
 * first {@code AWS::Serverless::HttpApi}'s {@code CorsConfiguration}, else from
 * {@code Globals.HttpApi}.
 *
 * <p>A template the local API could not serve faithfully (a route path that is an intrinsic, the
 * same route twice, an HTTP function without a handler) is an {@link IllegalArgumentException}
 * naming the place. Stateless and thread-safe.
 */
public final class TemplateReader {

  private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
  private static final String HTTP_API_TYPE = "AWS::Serverless::HttpApi";

  private TemplateReader() {}

  /** Reads the template file at {@code path}. */
  public static SamTemplate read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + path, e);
    }
    return parse(text, path.toString());
  }

  /** Parses template text; {@code source} names it in error messages. */
  public static SamTemplate parse(String text, String source) {
    Object root;
    try (Reader reader = new StringReader(text)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new IntrinsicTolerantConstructor(options)).load(reader);
    } catch (IOException e) {
      throw new AssertionError("a StringReader does not fail", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": not a readable YAML template: "
          + e.getMessage(), e);
    }
    try {
      return new Interpreter(source).template(map(root));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(source + ": unexpected structure (a key that is not"
          + " a string?)", e);
    }
  }

  /** SafeConstructor that turns every unknown tag into an {@link Intrinsic}. */
  private static final class IntrinsicTolerantConstructor extends SafeConstructor {
    IntrinsicTolerantConstructor(LoaderOptions options) {
      super(options);
      // The null key is what SafeConstructor uses for tags it does not know.
      this.yamlConstructors.put(null, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          String tag = node.getTag().getValue();
          String function = tag.startsWith("!") ? tag.substring(1) : tag;
          Object argument;
          if (node instanceof ScalarNode scalar) {
            argument = constructScalar(scalar);
          } else if (node instanceof SequenceNode sequence) {
            argument = constructSequence(sequence);
          } else {
            argument = constructMapping((MappingNode) node);
          }
          return new Intrinsic(function, argument);
        }
      });
    }
  }

  /** Walks the loaded YAML; one per parse, so it can carry the source name for messages. */
  private static final class Interpreter {
    private final String source;

    Interpreter(String source) {
      this.source = source;
    }

    SamTemplate template(Map<String, Object> root) {
      if (root == null) {
        throw new IllegalArgumentException(source + ": the template is empty");
      }
      Map<String, Object> globals = map(root.get("Globals"));
      Map<String, Object> globalFunction = globals == null ? null : map(globals.get("Function"));
      Map<String, Object> globalHttpApi = globals == null ? null : map(globals.get("HttpApi"));
      Map<String, Object> resources = map(root.get("Resources"));
      if (resources == null) {
        throw new IllegalArgumentException(source + ": the template has no Resources");
      }

      Map<String, FunctionDef> functions = new LinkedHashMap<>();
      Set<String> routeKeys = new HashSet<>();
      CorsConfig cors = null;
      for (Map.Entry<String, Object> e : resources.entrySet()) {
        Map<String, Object> resource = map(e.getValue());
        if (resource == null) {
          continue;
        }
        Object type = resource.get("Type");
        Map<String, Object> properties = map(resource.get("Properties"));
        if (FUNCTION_TYPE.equals(type)) {
          FunctionDef f = function(e.getKey(), properties, globalFunction);
          if (f == null) {
            continue;
          }
          for (TemplateRoute r : f.routes()) {
            if (!routeKeys.add(r.routeKey())) {
              throw new IllegalArgumentException(source + ": route " + r.routeKey()
                  + " is declared twice (again by " + f.logicalId() + ")");
            }
          }
          functions.put(f.logicalId(), f);
        } else if (HTTP_API_TYPE.equals(type) && cors == null && properties != null) {
          cors = cors(properties.get("CorsConfiguration"));
        }
      }
      if (cors == null && globalHttpApi != null) {
        cors = cors(globalHttpApi.get("CorsConfiguration"));
      }
      return new SamTemplate(source, functions, cors);
    }

    private FunctionDef function(
        String id, Map<String, Object> properties, Map<String, Object> globals) {
      Map<String, Object> props = properties == null ? Map.of() : properties;
      List<TemplateRoute> routes = routes(id, map(props.get("Events")));
      Object handler = setting("Handler", props, globals);
      if (!(handler instanceof String h) || h.isBlank()) {
        if (routes.isEmpty()) {
          return null; // not ours to run (e.g. a container image); nothing routes to it
        }
        throw new IllegalArgumentException(source + ": Resources." + id
            + ".Properties.Handler must be a plain \"package.Class::method\" string");
      }
      String className = h.trim();
      String method = "handleRequest";
      int sep = className.indexOf("::");
      if (sep >= 0) {
        method = className.substring(sep + 2).trim();
        className = className.substring(0, sep).trim();
      }
      if (className.isEmpty() || method.isEmpty()) {
        throw new IllegalArgumentException(source + ": Resources." + id
            + ".Properties.Handler is not \"package.Class::method\": " + h);
      }
      return new FunctionDef(id, className, method,
          positiveInt(setting("Timeout", props, globals), FunctionDef.DEFAULT_TIMEOUT_SECONDS),
          positiveInt(setting("MemorySize", props, globals), FunctionDef.DEFAULT_MEMORY_MB),
          routes, setting("CodeUri", props, globals) instanceof String uri && !uri.isBlank()
              ? uri.trim() : null);
    }

    private List<TemplateRoute> routes(String id, Map<String, Object> events) {
      List<TemplateRoute> routes = new ArrayList<>();
      if (events == null) {
        return routes;
      }
      for (Map.Entry<String, Object> e : events.entrySet()) {
        Map<String, Object> event = map(e.getValue());
        if (event == null || !"HttpApi".equals(event.get("Type"))) {
          continue;
        }
        String where = source + ": Resources." + id + ".Properties.Events." + e.getKey();
        Map<String, Object> props = map(event.get("Properties"));
        Object path = props == null ? null : props.get("Path");
        Object method = props == null ? null : props.get("Method");
        if (path == null || TemplateRoute.DEFAULT_KEY.equals(path)) {
          routes.add(TemplateRoute.defaultRoute(id));
          continue;
        }
        if (!(path instanceof String p) || !p.startsWith("/")) {
          throw new IllegalArgumentException(where + ".Properties.Path must be a plain path"
              + " starting with / (or $default), not " + path);
        }
        routes.add(new TemplateRoute(method(where, method), p, id));
      }
      return routes;
    }

    private String method(String where, Object method) {
      if (method == null) {
        return TemplateRoute.ANY;
      }
      if (!(method instanceof String m) || !m.matches("[A-Za-z-]+")) {
        throw new IllegalArgumentException(where + ".Properties.Method must be a plain HTTP"
            + " method, not " + method);
      }
      String upper = m.toUpperCase(Locale.ROOT);
      return upper.equals("X-AMAZON-APIGATEWAY-ANY-METHOD") ? TemplateRoute.ANY : upper;
    }

    private CorsConfig cors(Object value) {
      if (Boolean.TRUE.equals(value)) {
        return CorsConfig.allowAll();
      }
      Map<String, Object> c = map(value);
      if (c == null) {
        return null; // absent, false, or an intrinsic we cannot evaluate
      }
      Object origins = c.get("AllowOrigins");
      boolean plainOrigins = origins == null || plainStrings(origins);
      return new CorsConfig(strings(origins), plainOrigins, strings(c.get("AllowMethods")),
          strings(c.get("AllowHeaders")), strings(c.get("ExposeHeaders")),
          positiveInt(c.get("MaxAge"), 0), Boolean.TRUE.equals(c.get("AllowCredentials")));
    }
  }

  private static Object setting(String name, Map<String, Object> props,
      Map<String, Object> globals) {
    Object v = props.get(name);
    if (v == null && globals != null) {
      v = globals.get(name);
    }
    return v;
  }

  private static int positiveInt(Object value, int fallback) {
    if (value instanceof Integer i && i > 0) {
      return i;
    }
    if (value instanceof String s) {
      try {
        int i = Integer.parseInt(s.trim());
        return i > 0 ? i : fallback;
      } catch (NumberFormatException notANumber) {
        return fallback;
      }
    }
    return fallback;
  }

  private static boolean plainStrings(Object value) {
    if (!(value instanceof List<?> list)) {
      return false;
    }
    for (Object o : list) {
      if (!(o instanceof String)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> strings(Object value) {
    List<String> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          result.add(s);
        }
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
