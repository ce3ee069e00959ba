package dev.keyfob.local;

import com.nimbusds.jose.JWSAlgorithm;
import com.sun.net.httpserver.HttpServer;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.testkit.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * keyfob's local API: the functions of {@code template.yaml} behind an HTTP server that routes
 * like an API Gateway HTTP API, plus the development identity provider ({@code /dev/token},
 * {@code /dev/jwks.json}) and the static web app. Embeddable in tests:
 *
 * <pre>{@code
 * try (LocalApiServer api = LocalApiServer.builder()
 *     .templatePath(Path.of("template.yaml"))
 *     .port(0)                                  // any free port
 *     .awsEndpoint(emulator.endpoint())         // or leave out: starts moto_server
 *     .environment(Map.of("KEYFOB_MAX_FAILED_ATTEMPTS", "3"))
 *     .start()) {
 *   String token = api.issueToken(DevTokenRequest.builder("alice", "acme", "admin").build());
 *   URI status = api.uri("/v1/me/two-factor");
 *   ...
 * }
 * }</pre>
 *
 * <p>At start it loads the template, binds {@code 127.0.0.1} (URLs say {@code localhost}), starts
 * {@code moto_server} unless an AWS endpoint is given, creates the DynamoDB table and KMS key
 * alias when missing, serves the development identity provider, builds one {@link KeyfobApp}
 * from the merged {@code KEYFOB_*} settings (see {@link LocalSettings}) and constructs each
 * handler class once with it, then serves the whole API ({@link HandOverHandler}). Requests are
 * served by a pool of {@value #THREADS} threads, so concurrent requests run concurrently against
 * the same handler instances.
 *
 * <p>Thread-safe. {@link #close()} stops the HTTP server and any {@code moto_server} it started.
 */
public final class LocalApiServer implements AutoCloseable {

  /** Threads serving requests. */
  public static final int THREADS = 32;

  private final HttpServer http;
  private final ExecutorService executor;
  private final MotoServer moto;
  private final URI awsEndpoint;
  private final KeyfobApp app;
  private final DevIdentityProvider idp;
  private final SamTemplate template;
  private final PrintStream log;
  private boolean closed;

  private LocalApiServer(HttpServer http, ExecutorService executor, MotoServer moto,
      URI awsEndpoint, KeyfobApp app, DevIdentityProvider idp, SamTemplate template,
      PrintStream log) {
    this.http = http;
    this.executor = executor;
    this.moto = moto;
    this.awsEndpoint = awsEndpoint;
    this.app = app;
    this.idp = idp;
    this.template = template;
    this.log = log;
  }

  /** A builder; {@link Builder#templatePath} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://localhost:<port>}, without a trailing slash. */
  public URI baseUri() {
    return URI.create("http://localhost:" + port());
  }

  /** An absolute URI on this server, e.g. {@code uri("/v1/me/two-factor")}. */
  public URI uri(String pathAndQuery) {
    return URI.create(baseUri() + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
  }

  /** The port the server listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The DynamoDB and KMS endpoint in use: the one given, or the started {@code moto_server}. */
  public URI awsEndpoint() {
    return awsEndpoint;
  }

  /** Whether this server started (and will stop) its own {@code moto_server}. */
  public boolean startedMoto() {
    return moto != null;
  }

  /** The settings every handler sees. */
  public KeyfobSettings settings() {
    return app.settings();
  }

  /** The one {@link KeyfobApp} shared by every handler. */
  public KeyfobApp app() {
    return app;
  }

  /** The template being served. */
  public SamTemplate template() {
    return template;
  }

  /** The development identity provider, e.g. to mint tokens without HTTP. */
  public DevIdentityProvider devIdentityProvider() {
    return idp;
  }

  /** Shorthand for {@code devIdentityProvider().issue(request)}. */
  public String issueToken(DevTokenRequest request) {
    return idp.issue(request);
  }

  /** Stops the HTTP server and any {@code moto_server} this server started. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (moto != null) {
      moto.close();
      log.println("[keyfob-local] stopped moto_server");
    }
  }

  /** Configures and starts a {@link LocalApiServer}. Not thread-safe; use once. */
  public static final class Builder {
    private Path templatePath;
    private SamTemplate template;
    private Path webRoot;
    private int port;
    private URI awsEndpoint;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Map<String, String> processEnvironment = System.getenv();
    private Clock clock = Clock.systemUTC();
    private ExecutionInterceptor[] interceptors = new ExecutionInterceptor[0];
    private PrintStream log = System.out;

    private Builder() {}

    /** The SAM template whose functions and routes to serve. */
    public Builder templatePath(Path path) {
      this.templatePath = Objects.requireNonNull(path, "path");
      return this;
    }

    /** An already-read template instead of {@link #templatePath}. */
    public Builder template(SamTemplate value) {
      this.template = Objects.requireNonNull(value, "value");
      return this;
    }

    /** Directory of the static web app; without one, only the API is served. */
    public Builder webRoot(Path path) {
      this.webRoot = path;
      return this;
    }

    /** Port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + value);
      }
      this.port = value;
      return this;
    }

    /** DynamoDB and KMS endpoint (moto, LocalStack); without one, {@code moto_server} is started. */
    public Builder awsEndpoint(URI endpoint) {
      this.awsEndpoint = endpoint;
      return this;
    }

    /** {@code KEYFOB_*} settings over the defaults and the process environment (a null value removes one). */
    public Builder environment(Map<String, String> values) {
      this.environment.putAll(values);
      return this;
    }

    /** One {@code KEYFOB_*} setting over the defaults and the process environment. */
    public Builder environment(String name, String value) {
      this.environment.put(name, value);
      return this;
    }

    /** Replaces {@link System#getenv()} as the middle layer of settings (e.g. {@code Map.of()}). */
    public Builder processEnvironment(Map<String, String> values) {
      this.processEnvironment = Map.copyOf(values);
      return this;
    }

    /** Clock for handlers, dev tokens and event times; system UTC by default. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "value");
      return this;
    }

    /** SDK interceptors on the handlers' DynamoDB and KMS clients, e.g. to count calls. */
    public Builder awsInterceptors(ExecutionInterceptor... values) {
      this.interceptors = values.clone();
      return this;
    }

    /** Where start-up messages, request log lines and handler logs go; stdout by default. */
    public Builder log(PrintStream value) {
      this.log = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Starts the server; it is serving when this returns.
     *
     * @throws IllegalArgumentException for a bad template or setting
     * @throws IllegalStateException if moto, the AWS resources or a handler cannot be set up
     * @throws UncheckedIOException if the port cannot be bound
     */
    public LocalApiServer start() {
      SamTemplate tpl = template != null ? template : TemplateReader.read(
          Objects.requireNonNull(templatePath, "templatePath or template is required"));
      StaticFiles files = webRoot == null ? null : new StaticFiles(webRoot);
      Router router = new Router(tpl.routes());

      HttpServer http;
      try {
        http = HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 128);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
      }
      int actualPort = http.getAddress().getPort();
      MotoServer moto = null;
      ExecutorService executor = null;
      boolean started = false;
      try {
        URI endpoint = awsEndpoint;
        if (endpoint == null) {
          moto = MotoServer.start();
          endpoint = moto.endpoint();
          log.println("[keyfob-local] started moto_server at " + endpoint + " (pid "
              + moto.pid() + ")");
        }
        Map<String, String> localEnvironment =
            LocalSettings.environment(actualPort, processEnvironment, environment);
        KeyfobSettings settings = KeyfobSettings.fromEnvironment(localEnvironment);
        JWSAlgorithm devIdpAlgorithm = DevIdentityProvider.algorithmOf(
            localEnvironment.get(DevIdentityProvider.ALGORITHM_SETTING));
        AwsClients clients = AwsClients.builder()
            .endpoint(endpoint)
            .region(Region.US_EAST_1)
            .credentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test", "test")))
            .interceptors(interceptors)
            .build();
        prepare(clients, settings);
        DevIdentityProvider idp = new DevIdentityProvider(settings.idpIssuer(),
            settings.idpAudience(), clock, devIdpAlgorithm);
        LocalCors cors = tpl.cors()
            .map(c -> c.originsFromTemplate() ? c : c.withOrigins(settings.corsAllowedOrigins()))
            .map(LocalCors::new)
            .orElse(null);

        // The handlers' warm-ups fetch the identity provider's keys from /dev/jwks.json as they
        // are built: serve it first. Fetches left waiting in the backlog time out on a busy
        // machine, and after two of them sign-ins answer 503 until the key set may be fetched
        // again (IdpTokenVerifier's rate limit).
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemonThreads());
        http.setExecutor(executor);
        HandOverHandler handler = new HandOverHandler(new LocalDispatcher(
            new Router(List.of()), Map.of(), Map.of(), idp, null, cors, clock, actualPort, log));
        http.createContext("/", handler);
        http.start();
        started = true;

        KeyfobApp app = new KeyfobApp(settings, clients, clock);
        // As a deployment's custom resource does: the first MFA signing key, made by the
        // rotation (the only writer of signing keys), before any function runs.
        app.signingKeyRotation().ensureFirstKey();
        HandlerFactory factory = new HandlerFactory(app, Thread.currentThread()
            .getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
            : LocalApiServer.class.getClassLoader());
        Map<String, FunctionDef> definitions = new LinkedHashMap<>();
        Map<String, LambdaFunction> functions = new LinkedHashMap<>();
        for (FunctionDef f : tpl.httpFunctions()) {
          definitions.put(f.logicalId(), f);
          functions.put(f.logicalId(), factory.create(f));
        }
        handler.handTo(new LocalDispatcher(router, definitions, functions, idp, files, cors,
            clock, actualPort, log));
        for (TemplateRoute r : tpl.routes()) {
          log.println("[keyfob-local] route " + r.routeKey() + " -> " + r.functionId());
        }
        return new LocalApiServer(http, executor, moto, endpoint, app, idp, tpl, log);
      } catch (RuntimeException | Error e) {
        // A server that never started keeps its socket open after stop(): the channel is only
        // really closed by the dispatcher's selector. Start it so that stop() frees the port.
        if (!started) {
          if (executor == null) {
            http.setExecutor(Runnable::run);
          }
          http.start();
        }
        http.stop(0);
        if (executor != null) {
          executor.shutdownNow();
        }
        if (moto != null) {
          moto.close();
        }
        throw e;
      }
    }

    private void prepare(AwsClients clients, KeyfobSettings settings) {
      try (DynamoDbClient dynamo = clients.build(DynamoDbClient.builder());
          KmsClient kms = clients.kms()) {
        LocalAwsResources.ensureTable(dynamo, settings.tableName(), log);
        LocalAwsResources.ensureKey(kms, settings.kmsKeyId(), log);
      }
    }

    private static ThreadFactory daemonThreads() {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, "keyfob-local-http-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
