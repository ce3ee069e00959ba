package dev.keyfob.http;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structured JSON log line per request (route, status, problem code, latency, request id)
 * and CloudWatch Embedded Metric Format counters for the outcomes operators alarm on. Lines
 * carry no body, header, code, secret or token. Thread-safe.
 */
public final class RequestLog {

  /** EMF namespace of keyfob's metrics. */
  public static final String NAMESPACE = "keyfob";

  private final PrintStream out;

  public RequestLog(PrintStream out) {
    this.out = out;
  }

  public static RequestLog stdout() {
    return new RequestLog(System.out);
  }

  void request(String routeKey, int status, String code, long latencyMillis, String requestId,
      String metric) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", status >= 500 ? "ERROR" : "INFO");
    line.put("msg", "request");
    line.put("route", routeKey);
    line.put("status", status);
    if (code != null) {
      line.put("code", code);
    }
    line.put("latencyMs", latencyMillis);
    line.put("requestId", requestId);
    if (metric != null) {
      line.put("_aws", emf(metric));
      line.put(metric, 1);
    }
    print(line);
  }

  /**
   * The embedded metric format's metadata for one counter. Ordered maps, so that a log line reads
   * the same every time (Map.of iterates in an order that changes from JVM to JVM).
   */
  private static Map<String, Object> emf(String metric) {
    Map<String, Object> counter = new LinkedHashMap<>();
    counter.put("Name", metric);
    counter.put("Unit", "Count");
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", NAMESPACE);
    directive.put("Dimensions", List.of(List.of()));
    directive.put("Metrics", List.of(counter));
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", System.currentTimeMillis());
    aws.put("CloudWatchMetrics", List.of(directive));
    return aws;
  }

  void error(String message, String requestId, Throwable t) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "ERROR");
    line.put("msg", message);
    line.put("error", t.getClass().getName());
    line.put("at", where(t));
    line.put("requestId", requestId);
    print(line);
  }

  /**
   * The innermost cause's class and first frames, enough to find the fault without the
   * exception messages, which can carry request data.
   */
  private static List<String> where(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    List<String> frames = new java.util.ArrayList<>();
    frames.add(root.getClass().getName());
    StackTraceElement[] stack = root.getStackTrace();
    for (int i = 0; i < Math.min(4, stack.length); i++) {
      frames.add(stack[i].getClassName() + "." + stack[i].getMethodName() + ":"
          + stack[i].getLineNumber());
    }
    return frames;
  }

  private void print(Map<String, Object> line) {
    String text = Json.write(line);
    synchronized (out) {
      out.println(text);
    }
  }
}
