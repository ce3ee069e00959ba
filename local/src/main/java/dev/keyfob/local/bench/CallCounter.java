package dev.keyfob.local.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts SDK calls per service and keeps the requests since the last reset. Thread-safe. */
final class CallCounter implements ExecutionInterceptor {

  private final ConcurrentHashMap<String, Long> counts = new ConcurrentHashMap<>();
  private final List<SdkRequest> requests = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    counts.merge(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), 1L, Long::sum);
    requests.add(context.request());
  }

  void reset() {
    counts.clear();
    requests.clear();
  }

  /** The requests since the last reset, in order. */
  List<SdkRequest> requests() {
    return List.copyOf(requests);
  }

  long count(String service) {
    return counts.getOrDefault(service, 0L);
  }
}
