package dev.keyfob.functions;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The parts of {@code template.yaml} the agreement tests compare: functions and their routes. */
final class SamTemplate {

  /**
   * A function: logical id, handler class, route keys (or {@code $default}) and the artifact it
   * deploys ({@code CodeUri}, its own or the template's global one).
   */
  record Function(String logicalId, String handlerClass, List<String> routeKeys,
      String codeUri) {}

  private final Map<String, Object> root;

  private SamTemplate(Map<String, Object> root) {
    this.root = root;
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  @SuppressWarnings("unchecked")
  static SamTemplate load() throws IOException {
    Yaml yaml = new Yaml(new IntrinsicTolerantConstructor());
    try (Reader in = Files.newBufferedReader(repoRoot().resolve("template.yaml"))) {
      return new SamTemplate((Map<String, Object>) yaml.load(in));
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> resources() {
    return (Map<String, Object>) root.get("Resources");
  }

  @SuppressWarnings("unchecked")
  List<Function> functions() {
    List<Function> result = new ArrayList<>();
    for (Map.Entry<String, Object> e : resources().entrySet()) {
      Map<String, Object> resource = (Map<String, Object>) e.getValue();
      if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
        continue;
      }
      Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
      String handler = (String) props.get("Handler");
      List<String> keys = new ArrayList<>();
      Map<String, Object> events = (Map<String, Object>) props.getOrDefault("Events", Map.of());
      for (Object ev : events.values()) {
        Map<String, Object> event = (Map<String, Object>) ev;
        if (!"HttpApi".equals(event.get("Type"))) {
          continue;
        }
        Map<String, Object> p = (Map<String, Object>) event.get("Properties");
        keys.add(p.containsKey("Path") ? p.get("Method") + " " + p.get("Path") : "$default");
      }
      String codeUri = (String) props.getOrDefault("CodeUri", globalCodeUri());
      result.add(new Function(e.getKey(), handler.substring(0, handler.indexOf("::")), keys,
          codeUri));
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private String globalCodeUri() {
    Map<String, Object> globals = (Map<String, Object>) root.getOrDefault("Globals", Map.of());
    Map<String, Object> function = (Map<String, Object>) globals.getOrDefault("Function",
        Map.of());
    return (String) function.get("CodeUri");
  }

  /** The HTTP API's CORS {@code AllowMethods}: what a browser on an allowed origin may send. */
  @SuppressWarnings("unchecked")
  List<String> corsAllowMethods() {
    for (Object r : resources().values()) {
      Map<String, Object> resource = (Map<String, Object>) r;
      if ("AWS::Serverless::HttpApi".equals(resource.get("Type"))) {
        Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
        Map<String, Object> cors = (Map<String, Object>) props.get("CorsConfiguration");
        if (cors.containsKey("Fn::If")) {
          // Configured only when origins are given: the branch that configures it.
          cors = (Map<String, Object>) ((List<Object>) cors.get("Fn::If")).get(1);
        }
        return (List<String>) cors.get("AllowMethods");
      }
    }
    throw new IllegalStateException("no AWS::Serverless::HttpApi in the template");
  }

  /** The {@code Input} of a function's {@code ScheduleV2} event: what the schedule sends. */
  @SuppressWarnings("unchecked")
  java.util.Optional<String> scheduleInput(String logicalId) {
    Map<String, Object> props = (Map<String, Object>)
        ((Map<String, Object>) resources().get(logicalId)).get("Properties");
    Map<String, Object> events = (Map<String, Object>) props.getOrDefault("Events", Map.of());
    for (Object ev : events.values()) {
      Map<String, Object> event = (Map<String, Object>) ev;
      if ("ScheduleV2".equals(event.get("Type"))) {
        Object input = ((Map<String, Object>) event.get("Properties")).get("Input");
        return java.util.Optional.ofNullable((String) input);
      }
    }
    return java.util.Optional.empty();
  }

  /** Reads CloudFormation's short-form intrinsics ({@code !Ref} and friends) as plain maps. */
  private static final class IntrinsicTolerantConstructor extends SafeConstructor {
    IntrinsicTolerantConstructor() {
      super(new LoaderOptions());
      for (String fn : List.of("Ref", "GetAtt", "Sub", "Join", "If", "Equals", "Not", "And",
          "Or", "Select", "Split", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs",
          "Condition")) {
        this.yamlConstructors.put(new Tag("!" + fn), new Intrinsic(fn));
      }
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String name;

      Intrinsic(String name) {
        this.name = name;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode s) {
          value = s.getValue();
        } else if (node instanceof SequenceNode seq) {
          value = constructSequence(seq);
        } else {
          value = constructMapping((MappingNode) node);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name.equals("Ref") ? "Ref" : "Fn::" + name, value);
        return m;
      }
    }
  }
}
