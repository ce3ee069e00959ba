package dev.keyfob.crypto;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Fault injection: while enabled, every call to the named service fails just before transmission
 * with the exception the supplier makes. Thread-safe.
 */
public final class FailingTransport implements ExecutionInterceptor {

  private final String service;
  private final Supplier<? extends SdkException> failure;
  private volatile boolean enabled = true;

  public FailingTransport(String service, Supplier<? extends SdkException> failure) {
    this.service = service;
    this.failure = failure;
  }

  public void enabled(boolean on) {
    this.enabled = on;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes attributes) {
    if (enabled && service.equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
      throw failure.get();
    }
  }
}
