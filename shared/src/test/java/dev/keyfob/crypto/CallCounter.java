package dev.keyfob.crypto;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK API calls (not attempts) per service and operation, e.g. {@code "Kms.Decrypt"}, for
 * tests that check how many calls an operation makes. Thread-safe.
 */
public final class CallCounter implements ExecutionInterceptor {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(service + "." + operation, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Calls of one operation, e.g. {@code count("Kms", "Decrypt")}. */
  public int count(String service, String operation) {
    AtomicInteger n = counts.get(service + "." + operation);
    return n == null ? 0 : n.get();
  }

  /** Calls to one service, all operations. */
  public int total(String service) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().startsWith(service + "."))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  public void reset() {
    counts.clear();
  }

  @Override
  public String toString() {
    Map<String, Integer> snapshot = new TreeMap<>();
    counts.forEach((k, v) -> snapshot.put(k, v.get()));
    return snapshot.toString();
  }
}
