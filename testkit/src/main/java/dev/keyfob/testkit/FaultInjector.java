package dev.keyfob.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes chosen SDK operations fail as if the service were unreachable, or slow, before anything
 * reaches the emulator, so a test knows exactly which calls never happened.
 */
public final class FaultInjector implements ExecutionInterceptor {

  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();

  /** Fails every call of a service ({@code "DynamoDb"}, {@code "Kms"}) or one operation of it
   * ({@code "DynamoDb:UpdateItem"}). */
  public void fail(String serviceOrOperation) {
    failing.add(serviceOrOperation);
  }

  /**
   * Holds every call of a service or of one operation (named as for {@link #fail}) for this
   * long before sending it, so a test can decide which of two concurrent requests writes first.
   */
  public void delay(String serviceOrOperation, Duration hold) {
    delays.put(serviceOrOperation, hold);
  }

  public void heal() {
    failing.clear();
    delays.clear();
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = service + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Duration hold = delays.getOrDefault(operation, delays.get(service));
    if (hold != null) {
      try {
        Thread.sleep(hold.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failing.contains(service) || failing.contains(operation)) {
      throw SdkClientException.create("injected fault: " + operation + " unreachable");
    }
  }
}
