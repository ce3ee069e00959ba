package dev.keyfob.testkit;

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
  private volatile long delayMillis;

  /** Fails every call of a service ({@code "DynamoDb"}, {@code "Kms"}) or one operation of it
   * ({@code "DynamoDb:UpdateItem"}). */
  public void fail(String serviceOrOperation) {
    failing.add(serviceOrOperation);
  }

  /** Delays every request by this long before sending it. */
  public void delay(long millis) {
    delayMillis = millis;
  }

  public void heal() {
    failing.clear();
    delayMillis = 0;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = service + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failing.contains(service) || failing.contains(operation)) {
      throw SdkClientException.create("injected fault: " + operation + " unreachable");
    }
  }
}
