package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.functions.VerificationHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Makes the plans the SDK floor replays: for a prepared user, runs keyfob's own verification of
 * that user's next code in this process, on a fresh signing-key cache (so the signing key is
 * loaded, as in a cold start), and records every AWS request it makes. The write that would
 * accept the code is recorded but not sent, so the floor's replay of it succeeds on the same
 * conditions. The plan also names the identity provider's JWKS URL, which a cold verification
 * fetches.
 *
 * <p>Not thread-safe.
 */
final class FloorPlans {

  private final Recorder recorder = new Recorder();
  private final KeyfobApp app;
  private final VerificationHandler handler;
  private final Path dir;

  FloorPlans(KeyfobSettings settings, URI awsEndpoint, Path dir) {
    this.app = new KeyfobApp(settings, AwsClients.builder().endpoint(awsEndpoint)
        .region(Region.US_EAST_1)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .interceptors(recorder).build(), Clock.systemUTC());
    this.handler = new VerificationHandler(app);
    this.dir = dir;
  }

  /** Records a verification of the user's next code and writes its plan; returns the file. */
  Path planFor(BenchUser user, Clock clock) {
    List<SdkRequest> calls = record(user, clock);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("jwks", app.settings().idpJwksUrl().toString());
    plan.put("calls", calls.stream().map(PlanCalls::toJson).toList());
    try {
      Path file = dir.resolve("plan-" + user.userId + ".json");
      Files.writeString(file, JSON.std.asString(plan));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The AWS requests of one cold verification of the user, in the order they were made. */
  List<SdkRequest> record(BenchUser user, Clock clock) {
    app.signingKeys().forgetCachedKeys();
    ApiEvent event = ApiEvent.of("POST", "/v1/me/two-factor/verify", user.token,
        "{\"code\":\"" + user.nextCode(clock) + "\"}");
    java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
    recorder.start();
    try {
      handler.handleRequest(new java.io.ByteArrayInputStream(
          event.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)), response, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<SdkRequest> calls = recorder.stop();
    if (calls.stream().noneMatch(Recorder::isWrite)) {
      throw new IllegalStateException("the recorded verification made no write (response "
          + statusOf(response.toByteArray()) + ")");
    }
    return calls;
  }

  /** The status of a response JSON, never its body (which could hold a token). */
  private static Object statusOf(byte[] response) {
    try {
      return JSON.std.mapFrom(response).get("statusCode");
    } catch (IOException e) {
      return "not JSON";
    }
  }

  /** Records requests while on; a write is recorded and then refused before it is sent. */
  private static final class Recorder implements ExecutionInterceptor {
    private final List<SdkRequest> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean on;

    void start() {
      calls.clear();
      on = true;
    }

    List<SdkRequest> stop() {
      on = false;
      return List.copyOf(calls);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (!on) {
        return;
      }
      calls.add(context.request());
      if (isWrite(context.request())) {
        throw SdkClientException.create("recorded for the SDK floor, not sent");
      }
    }

    static boolean isWrite(SdkRequest r) {
      return r instanceof UpdateItemRequest || r instanceof PutItemRequest
          || r instanceof DeleteItemRequest || r instanceof TransactWriteItemsRequest;
    }
  }
}
