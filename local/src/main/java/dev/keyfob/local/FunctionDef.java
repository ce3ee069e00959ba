package dev.keyfob.local;

import java.util.List;
import java.util.Objects;

/**
 * A Lambda function of {@code template.yaml} ({@code AWS::Serverless::Function}) as the local API
 * runs it: its handler, limits and HTTP routes. Immutable.
 *
 * @param logicalId the resource's logical id, used as the function name
 * @param handlerClass fully qualified handler class, from {@code Handler: pkg.Class::method}
 * @param handlerMethod handler method name, {@code handleRequest} unless the template names another
 * @param timeoutSeconds {@code Timeout} of the function or of {@code Globals.Function}, default 3
 * @param memoryMb {@code MemorySize} of the function or of {@code Globals.Function}, default 128
 * @param routes the function's {@code HttpApi} events; empty for functions without any
 * @param codeUri {@code CodeUri} of the function or of {@code Globals.Function} (the deployment
 *     artifact, relative to the template), or null when neither is a plain string
 */
public record FunctionDef(
    String logicalId,
    String handlerClass,
    String handlerMethod,
    int timeoutSeconds,
    int memoryMb,
    List<TemplateRoute> routes,
    String codeUri) {

  /** Lambda's default function timeout, in seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 3;

  /** Lambda's default memory size, in MB. */
  public static final int DEFAULT_MEMORY_MB = 128;

  public FunctionDef {
    Objects.requireNonNull(logicalId, "logicalId");
    Objects.requireNonNull(handlerClass, "handlerClass");
    Objects.requireNonNull(handlerMethod, "handlerMethod");
    routes = List.copyOf(routes);
  }

  /** A function whose artifact is not known. */
  public FunctionDef(String logicalId, String handlerClass, String handlerMethod,
      int timeoutSeconds, int memoryMb, List<TemplateRoute> routes) {
    this(logicalId, handlerClass, handlerMethod, timeoutSeconds, memoryMb, routes, null);
  }

  /** Whether API Gateway would invoke this function: it has at least one HttpApi event. */
  public boolean servesHttp() {
    return !routes.isEmpty();
  }
}
