package dev.keyfob.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local API needs from {@code template.yaml}: the Lambda functions with their handlers
 * and HTTP API routes, and the HTTP API's CORS configuration. Read it with
 * {@link TemplateReader}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SamTemplate {

  private final String source;
  private final Map<String, FunctionDef> functions;
  private final CorsConfig cors;

  SamTemplate(String source, Map<String, FunctionDef> functions, CorsConfig cors) {
    this.source = source;
    this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    this.cors = cors;
  }

  /** Where the template came from, for messages. */
  public String source() {
    return source;
  }

  /** Every function with a handler, in template order. */
  public Collection<FunctionDef> functions() {
    return functions.values();
  }

  /** The function with this logical id, if the template has one with a handler. */
  public Optional<FunctionDef> function(String logicalId) {
    return Optional.ofNullable(functions.get(logicalId));
  }

  /** The functions API Gateway would invoke: those with at least one HttpApi event. */
  public List<FunctionDef> httpFunctions() {
    List<FunctionDef> result = new ArrayList<>();
    for (FunctionDef f : functions.values()) {
      if (f.servesHttp()) {
        result.add(f);
      }
    }
    return result;
  }

  /** Every HTTP API route of every function, the {@code $default} route included. */
  public List<TemplateRoute> routes() {
    List<TemplateRoute> result = new ArrayList<>();
    for (FunctionDef f : functions.values()) {
      result.addAll(f.routes());
    }
    return result;
  }

  /** The {@code $default} route, if a function has one. */
  public Optional<TemplateRoute> defaultRoute() {
    return routes().stream().filter(TemplateRoute::isDefault).findFirst();
  }

  /** The HTTP API's CORS configuration, if the template gives one in plain values. */
  public Optional<CorsConfig> cors() {
    return Optional.ofNullable(cors);
  }
}
