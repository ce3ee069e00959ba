package dev.keyfob.testkit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK API calls (not HTTP attempts, so retries count once) by service and operation,
 * named as {@link FaultInjector} names them, e.g. {@code "Kms:Decrypt"}, so tests can hold an
 * operation or a route to its call budget; it keeps the requests too, so they can be sent again.
 * Add it as an execution interceptor of the clients under test. Thread-safe.
 */
public final class CallCounter implements ExecutionInterceptor {

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
  }

  /** Calls of one operation, e.g. {@code count("Kms", "Decrypt")}. */
  public int count(String service, String operation) {
    String name = service + ":" + operation;
    return (int) calls.stream().filter(c -> c.name.equals(name)).count();
  }

  /** Calls to one service ({@code "DynamoDb"}, {@code "Kms"}), all operations. */
  public int total(String service) {
    String prefix = service + ":";
    return (int) calls.stream().filter(c -> c.name.startsWith(prefix)).count();
  }

  /** Every call since the last reset, in order, e.g. {@code [DynamoDb:GetItem, Kms:Decrypt]}. */
  public List<String> calls() {
    return calls.stream().map(Call::name).toList();
  }

  /** The requests of every call since the last reset, in order. */
  public List<SdkRequest> requests() {
    return calls.stream().map(Call::request).toList();
  }

  public void reset() {
    calls.clear();
  }

  /** Calls per operation, for assertion messages. */
  @Override
  public String toString() {
    Map<String, Integer> counts = new TreeMap<>();
    calls.forEach(c -> counts.merge(c.name, 1, Integer::sum));
    return counts.toString();
  }

  private record Call(String name, SdkRequest request) {}
}
