package dev.keyfob.testing;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.testkit.Emulator;
import java.net.URI;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * keyfob's own AWS clients ({@link AwsClients}, with its time limits and retries) pointed at a
 * test emulator, so code under test talks to the emulator exactly as it would to AWS.
 */
public final class EmulatorClients {

  private EmulatorClients() {}

  /** Clients of {@code emulator}, with optional interceptors (call counters, faults). */
  public static AwsClients of(Emulator emulator, ExecutionInterceptor... interceptors) {
    return via(emulator.endpoint(), interceptors);
  }

  /** Clients of another endpoint in front of an emulator, such as a fault proxy. */
  public static AwsClients via(URI endpoint, ExecutionInterceptor... interceptors) {
    return AwsClients.builder()
        .endpoint(endpoint)
        .region(Emulator.REGION)
        .credentials(Emulator.CREDENTIALS)
        .interceptors(interceptors)
        .build();
  }
}
