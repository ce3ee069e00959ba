package dev.keyfob.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Builds the AWS clients keyfob uses (DynamoDB's in {@code store}, KMS's here), once per execution
 * environment.
 *
 * <p>All clients share one {@code url-connection-client} HTTP client and the same time limits:
 * each attempt may take {@link #ATTEMPT_TIMEOUT}, the whole call (with the SDK's standard
 * retries, exponential backoff and jitter) {@link #CALL_TIMEOUT}, so even a request that makes
 * several calls against a failing dependency ends well inside the function timeout and answers
 * 503 instead of timing out. On Lambda ({@link #fromEnvironment()}) the region and the
 * credentials provider are given to the SDK explicitly, as AWS recommends for start-up time,
 * instead of letting it walk its default chains; the endpoint follows {@code AWS_ENDPOINT_URL}
 * unless an override is given (tests, local API), so the same build talks to AWS or an
 * emulator. Measured in docs/performance.md.
 *
 * <p>Thread-safe; the clients it returns are thread-safe and meant to be reused.
 */
public final class AwsClients {

  /** Longest single HTTP attempt against DynamoDB or KMS. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);

  /** Longest call including retries. */
  public static final Duration CALL_TIMEOUT = Duration.ofMillis(3000);

  /** Attempts per call, first one included. */
  public static final int MAX_ATTEMPTS = 3;

  private SdkHttpClient httpClient;
  private final Optional<URI> endpointOverride;
  private final Optional<Region> region;
  private final Optional<AwsCredentialsProvider> credentials;
  private final ExecutionInterceptor[] interceptors;

  private AwsClients(Builder b) {
    this.endpointOverride = Optional.ofNullable(b.endpoint);
    this.region = Optional.ofNullable(b.region);
    this.credentials = Optional.ofNullable(b.credentials);
    this.interceptors = b.interceptors;
  }

  /** Clients configured only from the environment, as on Lambda. */
  public static AwsClients fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Clients configured from these environment variables: the region from {@code AWS_REGION}
   * and the credentials provider the environment calls for (see {@link #credentialsFor}), both
   * given to the SDK explicitly so it does not walk its default chains at start-up. Without
   * {@code AWS_REGION} or any credentials variable, the SDK's defaults apply.
   */
  public static AwsClients fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    String region = env.get("AWS_REGION");
    if (region != null && !region.isBlank()) {
      b.region(Region.of(region.trim()));
    }
    credentialsFor(env).ifPresent(b::credentials);
    return b.build();
  }

  /**
   * The credentials provider Lambda's environment calls for: the container credentials endpoint
   * when {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} is set (Lambda's Java runtime serves
   * credentials that way under SnapStart, with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, and
   * sets no access-key variables), else the access-key variables when {@code AWS_ACCESS_KEY_ID}
   * is set (Lambda without SnapStart, the emulator); else none, leaving the SDK's default chain.
   */
  static Optional<AwsCredentialsProvider> credentialsFor(Map<String, String> env) {
    if (present(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      return Optional.of(ContainerCredentialsProvider.builder().build());
    }
    if (present(env, "AWS_ACCESS_KEY_ID")) {
      return Optional.of(EnvironmentVariableCredentialsProvider.create());
    }
    return Optional.empty();
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A new client of any AWS service, e.g. {@code build(DynamoDbClient.builder())}, with keyfob's
   * HTTP client and time limits; call once and keep it.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    return configure(builder).build();
  }

  /** A new KMS client; call once and keep it. */
  public KmsClient kms() {
    return build(KmsClient.builder());
  }

  /** The shared HTTP client, time limits, and any endpoint, region and credentials given. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B b) {
    b.httpClient(httpClient()).overrideConfiguration(overrides());
    endpointOverride.ifPresent(b::endpointOverride);
    region.ifPresent(b::region);
    credentials.ifPresent(b::credentialsProvider);
    return b;
  }

  /**
   * The one HTTP client both SDK clients share, built on first use: building it loads the TLS
   * stack and the trust store (about 100 ms at a cold start), which the function's background
   * warm-up can then do while the first request parses its event and checks its token.
   */
  private synchronized SdkHttpClient httpClient() {
    if (httpClient == null) {
      httpClient = UrlConnectionHttpClient.builder()
          .connectionTimeout(Duration.ofMillis(500))
          .socketTimeout(ATTEMPT_TIMEOUT)
          .build();
    }
    return httpClient;
  }

  private ClientOverrideConfiguration overrides() {
    ClientOverrideConfiguration.Builder c = ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .apiCallTimeout(CALL_TIMEOUT)
        .retryStrategy(RetryMode.STANDARD);
    for (ExecutionInterceptor i : interceptors) {
      c.addExecutionInterceptor(i);
    }
    return c.build();
  }

  /** Options for tests and the local API; Lambda uses {@link #fromEnvironment()}. */
  public static final class Builder {
    private URI endpoint;
    private Region region;
    private AwsCredentialsProvider credentials;
    private ExecutionInterceptor[] interceptors = new ExecutionInterceptor[0];

    private Builder() {}

    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /** Interceptors added to both clients, for call counting and fault injection in tests. */
    public Builder interceptors(ExecutionInterceptor... interceptors) {
      this.interceptors = interceptors.clone();
      return this;
    }

    public AwsClients build() {
      return new AwsClients(this);
    }
  }
}
