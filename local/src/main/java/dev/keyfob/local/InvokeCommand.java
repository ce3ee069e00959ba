package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.testkit.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code invoke}: runs one function of the template once with an event file, like {@code sam
 * local invoke FUNCTION -e EVENT}, and prints the response JSON on stdout; function logs and a
 * Lambda-style {@code REPORT} line (init and invoke durations) go to stderr. The event reaches the
 * handler as the Lambda Java runtime hands it over ({@link HandlerInput}): the file's bytes as
 * they are for a stream handler (the API's functions, which print the response JSON they write,
 * whatever the event; an event they cannot read gets their 400), an API Gateway v2 event read by
 * the runtime's serializer for a handler of {@code APIGatewayV2HTTPEvent}, the JSON object as it
 * stands for a handler of {@code Map} (the signing-key rotation, whose schedule's event is
 * {@code events/scheduled-rotation.json}).
 *
 * <p>Start-up is kept lean so the numbers resemble a Lambda cold start: no HTTP server, no dev
 * identity provider, only the one handler class constructed. With {@code AWS_ENDPOINT_URL} it
 * makes no AWS call of its own (the table and key are expected to exist, e.g. made by a
 * {@code serve} against the same emulator) unless {@code --create-resources} is given; without
 * it, it starts {@code moto_server} and creates them, then stops it at the end.
 *
 * <p>Not thread-safe; one use.
 */
final class InvokeCommand {

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param env environment to read settings from
   * @param out receives the response JSON only
   * @param err receives logs, the report line and errors
   */
  InvokeCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    String template = env.getOrDefault("KEYFOB_TEMPLATE", "template.yaml");
    boolean createResources = false;
    String functionId = null;
    String eventFile = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--template") && i + 1 < args.length) {
        template = args[++i];
      } else if (a.equals("--create-resources")) {
        createResources = true;
      } else if (a.equals("-h") || a.equals("--help")) {
        out.println(Main.USAGE_TEXT);
        return 0;
      } else if (a.startsWith("--")) {
        return usage("unknown option " + a);
      } else if (functionId == null) {
        functionId = a;
      } else if (eventFile == null) {
        eventFile = a;
      } else {
        return usage("unexpected argument " + a);
      }
    }
    if (functionId == null || eventFile == null) {
      return usage("a function logical id and an event file are required");
    }

    FunctionDef function;
    try {
      function = findFunction(Path.of(template), functionId);
    } catch (RuntimeException e) {
      return usage(e.getMessage());
    }
    if (function == null) {
      return usage("no function " + functionId + " with a Handler in " + template
          + "; functions: " + TemplateReader.read(Path.of(template)).functions().stream()
              .map(FunctionDef::logicalId).collect(Collectors.joining(", ")));
    }
    String eventJson;
    try {
      eventJson = eventFile.equals("-")
          ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(eventFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return usage("cannot read event file " + eventFile + ": " + e);
    }

    MotoServer moto = null;
    try {
      String configured = env.get("AWS_ENDPOINT_URL");
      URI endpoint;
      if (configured == null || configured.isBlank()) {
        moto = MotoServer.start();
        endpoint = moto.endpoint();
        createResources = true;
        err.println("[keyfob-local] started moto_server at " + endpoint);
      } else {
        endpoint = URI.create(configured.trim());
      }
      return invoke(function, eventJson, eventFile, endpoint, createResources);
    } catch (RuntimeException e) {
      err.println("invoke: " + e.getMessage());
      return Main.FAILED;
    } finally {
      if (moto != null) {
        moto.close();
      }
    }
  }

  private int invoke(FunctionDef function, String eventJson, String eventFile, URI endpoint,
      boolean createResources) {
    int port = parsePort(env.getOrDefault("KEYFOB_LOCAL_PORT", "3000"));
    KeyfobSettings settings = KeyfobSettings.fromEnvironment(
        LocalSettings.environment(port, env, Map.of()));
    AwsClients clients = AwsClients.builder()
        .endpoint(endpoint)
        .region(Region.US_EAST_1)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
    if (createResources) {
      try (DynamoDbClient dynamo = clients.build(DynamoDbClient.builder());
          KmsClient kms = clients.kms()) {
        LocalAwsResources.ensureTable(dynamo, settings.tableName(), err);
        LocalAwsResources.ensureKey(kms, settings.kmsKeyId(), err);
      }
    }
    KeyfobApp app = new KeyfobApp(settings, clients, Clock.systemUTC());
    if (createResources) {
      // As a deployment's custom resource does: the first MFA signing key.
      app.signingKeyRotation().ensureFirstKey();
    }

    long initStart = System.nanoTime();
    HandlerFactory factory = new HandlerFactory(app, InvokeCommand.class.getClassLoader());
    HandlerInput input;
    Object handler;
    LambdaFunction apiHandler = null;
    try {
      handler = factory.handler(function);
      input = HandlerInput.of(handler.getClass(), function.handlerMethod());
      if (input == HandlerInput.API_GATEWAY_V2 || input == HandlerInput.STREAM) {
        apiHandler = factory.create(function);
      }
    } catch (IllegalStateException e) {
      err.println("invoke: " + e.getMessage());
      if (e.getCause() != null) {
        e.getCause().printStackTrace(err);
      }
      return Main.FAILED;
    }
    long initNanos = System.nanoTime() - initStart;
    return input == HandlerInput.STREAM
        ? invokeWithEventBytes(function, apiHandler, eventJson, initNanos)
        : apiHandler != null
            ? invokeWithApiGatewayEvent(function, apiHandler, eventJson, eventFile, initNanos)
            : invokeWithJsonObject(function, handler, eventJson, eventFile, initNanos);
  }

  /**
   * A stream handler: gets the event file's bytes, as the runtime hands them over, and what it
   * writes is printed. Lambda's request id is the event's {@code requestContext.requestId} when
   * the file is a JSON object that has one.
   */
  private int invokeWithEventBytes(FunctionDef function, LambdaFunction handler,
      String eventJson, long initNanos) {
    byte[] event = eventJson.getBytes(StandardCharsets.UTF_8);
    Outcome outcome = run(function, eventRequestId(eventJson), initNanos,
        context -> handler.invoke(event, context));
    if (!outcome.returned()) {
      return Main.FAILED;
    }
    out.println(new String((byte[]) outcome.response(), StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }

  private static String eventRequestId(String eventJson) {
    try {
      if (LocalJson.parseObject(eventJson).get("requestContext") instanceof Map<?, ?> rc
          && rc.get("requestId") instanceof String id) {
        return id;
      }
    } catch (IllegalArgumentException notAnObject) {
      // The handler gets it all the same, and answers for itself.
    }
    return UUID.randomUUID().toString();
  }

  private int invokeWithApiGatewayEvent(FunctionDef function, LambdaFunction handler,
      String eventJson, String eventFile, long initNanos) {
    // Parsed after the handler exists, as Lambda does, so it overlaps the handler's warm-up;
    // read here too so that a file the runtime could not read is a usage error.
    APIGatewayV2HTTPEvent event;
    try {
      event = RuntimeSerializer.fromJson(eventJson, APIGatewayV2HTTPEvent.class);
    } catch (IllegalArgumentException e) {
      return usage("event file " + eventFile + " is not an API Gateway v2 event: "
          + e.getMessage());
    }
    String requestId = event.getRequestContext() != null
        && event.getRequestContext().getRequestId() != null
        ? event.getRequestContext().getRequestId() : UUID.randomUUID().toString();
    byte[] bytes = eventJson.getBytes(StandardCharsets.UTF_8);
    Outcome outcome = run(function, requestId, initNanos,
        context -> handler.invoke(bytes, context));
    if (!outcome.returned()) {
      return Main.FAILED;
    }
    if (outcome.response() == null) {
      err.println("invoke: function " + function.logicalId() + " returned null");
      return Main.FAILED;
    }
    out.println(new String((byte[]) outcome.response(), StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }

  /**
   * A handler of {@code Map<String, Object>}: gets the event file's JSON object as it stands,
   * as the Lambda runtime would deserialise it, and its answer is printed as JSON.
   */
  @SuppressWarnings("unchecked")
  private int invokeWithJsonObject(FunctionDef function, Object handler, String eventJson,
      String eventFile, long initNanos) {
    Map<String, Object> event;
    try {
      event = LocalJson.parseObject(eventJson);
    } catch (IllegalArgumentException e) {
      return usage("event file " + eventFile + " is not one JSON object, which "
          + function.logicalId() + " takes (" + e.getMessage() + ")");
    }
    RequestHandler<Map<String, Object>, Object> requestHandler =
        (RequestHandler<Map<String, Object>, Object>) handler;
    Outcome outcome = run(function, UUID.randomUUID().toString(), initNanos,
        context -> requestHandler.handleRequest(event, context));
    if (!outcome.returned()) {
      return Main.FAILED;
    }
    out.println(LocalJson.write(outcome.response()));
    out.flush();
    return 0;
  }

  /** What a handler did: returned (a response, possibly null) or threw (already reported). */
  private record Outcome(boolean returned, Object response) {}

  /** Runs the handler once, reporting a throw, and the durations as Lambda's REPORT line does. */
  private Outcome run(FunctionDef function, String requestId, long initNanos,
      Function<Context, Object> call) {
    LocalLambdaContext context = new LocalLambdaContext(function, requestId, err);
    long invokeStart = System.nanoTime();
    Object response;
    try {
      response = call.apply(context);
    } catch (Throwable t) { // report whatever the handler threw, as Lambda would
      err.println("invoke: function " + function.logicalId() + " threw " + t);
      t.printStackTrace(err);
      return new Outcome(false, null);
    }
    long invokeNanos = System.nanoTime() - invokeStart;
    err.printf("REPORT RequestId: %s Init Duration: %.2f ms Duration: %.2f ms%n", requestId,
        initNanos / 1e6, invokeNanos / 1e6);
    return new Outcome(true, response);
  }

  /** The function, found by a line scan when possible, else through the YAML reader. */
  private static FunctionDef findFunction(Path template, String functionId) {
    String text;
    try {
      text = Files.readString(template, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read template " + template + ": " + e);
    }
    return TemplateScan.handlerOf(text, functionId)
        .orElseGet(() -> TemplateReader.read(template).function(functionId).orElse(null));
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("KEYFOB_LOCAL_PORT must be a port number, not " + value);
    }
  }

  private int usage(String message) {
    err.println("invoke: " + message);
    err.println(Main.USAGE_TEXT);
    return Main.USAGE;
  }
}
