package dev.keyfob.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK calls (not HTTP attempts) per service, so tests can hold each route to the
 * per-request budget.
 */
public final class CallCounter implements ExecutionInterceptor {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  public void reset() {
    calls.clear();
  }

  /** Calls to one service, e.g. {@code "DynamoDb"} or {@code "Kms"}. */
  public long count(String service) {
    return calls.stream().filter(c -> c.startsWith(service + ":")).count();
  }

  public List<String> calls() {
    return List.copyOf(calls);
  }
}
