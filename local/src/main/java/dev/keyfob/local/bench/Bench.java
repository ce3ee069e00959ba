package dev.keyfob.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.functions.VerificationHandler;
import dev.keyfob.local.DevTokenRequest;
import dev.keyfob.local.LocalApiServer;
import dev.keyfob.local.RuntimeSerializer;
import dev.keyfob.store.Keys;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.testkit.TotpSteps;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@code scripts/bench}: cold start of the verification function against the JVM floor, warm
 * verification latency against the emulator's own round trips, AWS calls per verification and
 * per token signature, and the deployment artifact's size. Prints a table, then one JSON object
 * as the last line.
 *
 * <p>Cold starts are fresh JVMs running {@code local invoke VerificationFunction} on a verify
 * event of a prepared, enrolled user (one user per run, so every code is fresh), timed from
 * launch to the response on stdout. Everything runs against the emulator on loopback.
 */
public final class Bench {

  /** Users of the warm phase; each gets one verification per TOTP step. */
  private static final int WARM_USERS = 50;

  private final Path repo;
  private final int runs;
  private final int warmCalls;
  private final PrintStream out;

  private Bench(Path repo, int runs, int warmCalls, PrintStream out) {
    this.out = out;
    this.repo = repo;
    this.runs = runs;
    this.warmCalls = warmCalls;
  }

  public static void main(String[] args) throws Exception {
    int runs = 12;
    int warm = 2000;
    Path repo = Path.of("").toAbsolutePath();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warm" -> warm = Integer.parseInt(args[++i]);
        case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (runs < 10) {
      throw new IllegalArgumentException("--runs must be at least 10");
    }
    // The handlers print a JSON line per request to the stdout they find when built; send those
    // to a log file so the figures are the only output.
    PrintStream figures = System.out;
    Path logs = Files.createDirectories(repo.resolve("local/target/bench"));
    System.setOut(new PrintStream(Files.newOutputStream(logs.resolve("handlers.log")), true,
        java.nio.charset.StandardCharsets.UTF_8));
    new Bench(repo, runs, warm, figures).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path work = Files.createDirectories(repo.resolve("local/target/bench"));
    Path jar = repo.resolve("local/target/keyfob-local.jar");
    Path template = repo.resolve("template.yaml");
    Path artifact = repo.resolve("functions/target/keyfob-functions.jar");
    ColdStarts cold = new ColdStarts(work);
    Map<String, Object> result = new LinkedHashMap<>();

    out.println("keyfob bench: " + runs + " fresh JVMs per cold figure, " + warmCalls
        + " warm verifications; JVM " + System.getProperty("java.vm.version") + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs");

    Stats floor = Stats.of(cold.floor(runs, List.of()));
    try (PrintStream serverLog = new PrintStream(Files.newOutputStream(work.resolve("api.log")));
        LocalApiServer api = LocalApiServer.builder().templatePath(template).port(0)
            .processEnvironment(Map.of()).log(serverLog).start()) {
      BenchClient client = new BenchClient(api.baseUri());
      Map<String, String> childEnv = new LinkedHashMap<>();
      childEnv.put("AWS_ENDPOINT_URL", api.awsEndpoint().toString());
      childEnv.put("AWS_REGION", "us-east-1");
      childEnv.put("AWS_ACCESS_KEY_ID", "test");
      childEnv.put("AWS_SECRET_ACCESS_KEY", "test");
      childEnv.put("KEYFOB_LOCAL_PORT", Integer.toString(api.port()));
      childEnv.put("KEYFOB_KMS_KEY_ID", api.settings().kmsKeyId());
      childEnv.put("KEYFOB_TABLE_NAME", api.settings().tableName());

      List<EnrolledUser> users = new ArrayList<>();
      for (int i = 0; i < 4 * runs + 2; i++) {
        users.add(EnrolledUser.enroll(client, "bench-" + i));
      }
      // The first verification of the run creates nothing: the signing key already exists
      // (made by the enrollments above), so every cold start loads it as Lambda would.
      Stats coldDefault = coldRuns(cold, jar, template, work, childEnv, users.subList(0, runs),
          List.of());
      Stats coldC1 = coldRuns(cold, jar, template, work, childEnv,
          users.subList(runs, 2 * runs), List.of("-XX:TieredStopAtLevel=1"));
      // The JVM's own class-data sharing: one training run writes an archive of the classes a
      // cold verification loads, later JVMs map it instead of loading and verifying them.
      Path archive = work.resolve("keyfob-verify.jsa");
      Files.deleteIfExists(archive);
      coldRuns(cold, jar, template, work, childEnv, users.subList(4 * runs, 4 * runs + 1),
          List.of("-XX:ArchiveClassesAtExit=" + archive));
      Stats coldCds = coldRuns(cold, jar, template, work, childEnv,
          users.subList(2 * runs, 3 * runs), List.of("-XX:SharedArchiveFile=" + archive));
      Stats coldCdsC1 = coldRuns(cold, jar, template, work, childEnv,
          users.subList(3 * runs, 4 * runs),
          List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"));

      Warm warm = warm(api.awsEndpoint());

      result.put("coldStartMs", round(coldDefault.median()));
      result.put("coldStartMinMs", round(coldDefault.min()));
      result.put("coldStartMaxMs", round(coldDefault.max()));
      result.put("jvmFloorMs", round(floor.median()));
      result.put("jvmFloorMinMs", round(floor.min()));
      result.put("jvmFloorMaxMs", round(floor.max()));
      result.put("coldToFloorRatio", round(coldDefault.median() / floor.median()));
      result.put("coldStartTieredStopAtLevel1Ms", round(coldC1.median()));
      result.put("coldStartTieredStopAtLevel1MinMs", round(coldC1.min()));
      result.put("coldStartTieredStopAtLevel1MaxMs", round(coldC1.max()));
      result.put("coldToFloorRatioTieredStopAtLevel1", round(coldC1.median() / floor.median()));
      result.put("coldStartAppCdsMs", round(coldCds.median()));
      result.put("coldStartAppCdsMinMs", round(coldCds.min()));
      result.put("coldStartAppCdsMaxMs", round(coldCds.max()));
      result.put("coldToFloorRatioAppCds", round(coldCds.median() / floor.median()));
      result.put("coldStartAppCdsTieredStopAtLevel1Ms", round(coldCdsC1.median()));
      result.put("coldStartAppCdsTieredStopAtLevel1MinMs", round(coldCdsC1.min()));
      result.put("coldStartAppCdsTieredStopAtLevel1MaxMs", round(coldCdsC1.max()));
      result.put("coldToFloorRatioAppCdsTieredStopAtLevel1",
          round(coldCdsC1.median() / floor.median()));
      result.put("warmVerifyP50Ms", round(warm.verify.median()));
      result.put("warmVerifyP99Ms", round(warm.verify.percentile(99)));
      result.put("warmVerifyMinMs", round(warm.verify.min()));
      result.put("warmVerifyMaxMs", round(warm.verify.max()));
      result.put("emulatorRoundTripsP50Ms", round(warm.emulator.median()));
      result.put("emulatorRoundTripsP99Ms", round(warm.emulator.percentile(99)));
      result.put("warmOverEmulatorP99Ms",
          round(warm.verify.percentile(99) - warm.emulator.percentile(99)));
      result.put("dynamodbCallsPerVerify", warm.dynamoPerVerify);
      result.put("kmsCallsPerVerify", warm.kmsPerVerify);
      result.put("kmsCallsPerSign", warm.kmsPerSign);
      result.put("artifactBytes", Files.size(artifact));
      result.put("runs", runs);
      result.put("warmCalls", warmCalls);
    }
    printTable(result);
    out.println(JSON.std.asString(result));
  }

  private Stats coldRuns(ColdStarts cold, Path jar, Path template, Path work,
      Map<String, String> env, List<EnrolledUser> users, List<String> jvmOptions)
      throws Exception {
    List<Double> times = new ArrayList<>();
    for (EnrolledUser user : users) {
      Path event = work.resolve("verify-" + user.userId + ".json");
      Files.writeString(event, verifyEvent(user.token, user.nextCode()));
      times.add(cold.invoke(jar, jvmOptions, template, "VerificationFunction", event, env, 200));
    }
    return Stats.of(times);
  }

  /** In-process verifications through the handler, on a clock moved one step per call. */
  private Warm warm(java.net.URI awsEndpoint) throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    CallCounter counter = new CallCounter();
    try (LocalApiServer api = LocalApiServer.builder()
        .templatePath(repo.resolve("template.yaml")).port(0).awsEndpoint(awsEndpoint)
        .processEnvironment(Map.of()).clock(clock).awsInterceptors(counter)
        .log(new PrintStream(java.io.OutputStream.nullOutputStream())).start()) {
      KeyfobApp app = api.app();
      BenchClient client = new BenchClient(api.baseUri());
      // Many users, one TOTP step for all of them per round: the clock moves 30 s only every
      // WARM_USERS calls, as it would for a crowd signing in, not 30 s per call (which would
      // make the signing-key pointer's 5-minute re-check look like part of every sign-in).
      List<EnrolledUser> crowd = new ArrayList<>();
      for (int i = 0; i < WARM_USERS; i++) {
        crowd.add(EnrolledUser.enroll(client, "bench-warm-" + i, clock));
      }
      EnrolledUser user = crowd.get(0);
      List<Double> times = new ArrayList<>();
      List<software.amazon.awssdk.core.SdkRequest> lastVerifyCalls = List.of();
      long dynamo = 0;
      long kms = 0;
      VerificationHandler handler = new VerificationHandler(app);
      PrintStream handlerLogs = System.out;
      try {
        int warmUp = Math.max(200, warmCalls / 5);
        for (int i = 0; i < warmUp + warmCalls; i++) {
          if (i % WARM_USERS == 0) {
            clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
          }
          EnrolledUser next = crowd.get(i % WARM_USERS);
          String token = api.issueToken(DevTokenRequest.builder(next.userId, "bench", "member")
              .amr("pwd").build());
          APIGatewayV2HTTPEvent event = RuntimeSerializer.fromJson(
              verifyEvent(token, next.nextCode()), APIGatewayV2HTTPEvent.class);
          counter.reset();
          long start = System.nanoTime();
          APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
          double millis = (System.nanoTime() - start) / 1e6;
          if (response.getStatusCode() != 200) {
            throw new IllegalStateException("warm verify answered " + response.getStatusCode()
                + ": " + response.getBody());
          }
          if (i >= warmUp) {
            times.add(millis);
            dynamo += counter.total("DynamoDb");
            kms += counter.total("Kms");
            lastVerifyCalls = counter.requests();
          }
        }
      } finally {
        handlerLogs.flush();
      }
      counter.reset();
      for (int i = 0; i < 100; i++) {
        app.mfaTokens().issue(app.tokenVerifier().verifyAuthorizationHeader("Bearer "
            + api.issueToken(DevTokenRequest.builder(user.userId, "bench", "member")
                .amr("pwd").build())), "otp", 1);
      }
      double kmsPerSign = counter.total("Kms") / 100.0;
      return new Warm(Stats.of(times), emulatorRoundTrips(app, lastVerifyCalls),
          (double) dynamo / times.size(), (double) kms / times.size(), kmsPerSign);
    }
  }

  /**
   * The emulator's own round trips for the calls a verification makes: the very requests of the
   * last measured verification (consistent BatchGetItem, KMS Decrypt, conditional UpdateItem),
   * sent again straight through the SDK clients, as many times as there were verifications. A
   * replayed UpdateItem fails its condition, which costs the emulator the same evaluation.
   */
  private Stats emulatorRoundTrips(KeyfobApp app,
      List<software.amazon.awssdk.core.SdkRequest> calls) {
    var dynamo = app.storage().client();
    var kms = app.kms();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 200 + warmCalls; i++) {
      long start = System.nanoTime();
      for (software.amazon.awssdk.core.SdkRequest call : calls) {
        try {
          if (call instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest r) {
            dynamo.batchGetItem(r);
          } else if (call instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest r) {
            dynamo.updateItem(r);
          } else if (call instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest r) {
            dynamo.transactWriteItems(r);
          } else if (call instanceof software.amazon.awssdk.services.kms.model.DecryptRequest r) {
            kms.decrypt(r);
          } else {
            throw new IllegalStateException("a verification made an unexpected call: " + call);
          }
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
            | software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException replayed) {
          // expected: the step was used by the verification being replayed
        }
      }
      if (i >= 200) {
        times.add((System.nanoTime() - start) / 1e6);
      }
    }
    return Stats.of(times);
  }

  private static String verifyEvent(String token, String code) throws Exception {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", "POST");
    http.put("path", "/v1/me/two-factor/verify");
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", "keyfob-bench");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "123456789012");
    context.put("apiId", "local");
    context.put("http", http);
    context.put("requestId", java.util.UUID.randomUUID().toString());
    context.put("routeKey", "POST /v1/me/two-factor/verify");
    context.put("stage", "$default");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "POST /v1/me/two-factor/verify");
    event.put("rawPath", "/v1/me/two-factor/verify");
    event.put("rawQueryString", "");
    event.put("headers", Map.of("authorization", "Bearer " + token,
        "content-type", "application/json"));
    event.put("requestContext", context);
    event.put("body", JSON.std.asString(Map.of("code", code)));
    event.put("isBase64Encoded", false);
    return JSON.std.asString(event);
  }

  private void printTable(Map<String, Object> r) {
    out.println();
    out.printf(Locale.ROOT, "%-48s %10s %10s %10s%n", "figure", "median", "min", "max");
    row("JVM floor (hello world), ms", r, "jvmFloorMs", "jvmFloorMinMs", "jvmFloorMaxMs");
    row("cold verify (local invoke), ms", r, "coldStartMs", "coldStartMinMs", "coldStartMaxMs");
    row("cold verify, -XX:TieredStopAtLevel=1, ms", r, "coldStartTieredStopAtLevel1Ms",
        "coldStartTieredStopAtLevel1MinMs", "coldStartTieredStopAtLevel1MaxMs");
    row("cold verify, app class-data archive, ms", r, "coldStartAppCdsMs",
        "coldStartAppCdsMinMs", "coldStartAppCdsMaxMs");
    row("cold verify, archive + TieredStopAtLevel=1, ms", r, "coldStartAppCdsTieredStopAtLevel1Ms",
        "coldStartAppCdsTieredStopAtLevel1MinMs", "coldStartAppCdsTieredStopAtLevel1MaxMs");
    out.printf(Locale.ROOT, "%-48s %10s%n", "cold / floor", r.get("coldToFloorRatio"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "cold / floor (TieredStopAtLevel=1)",
        r.get("coldToFloorRatioTieredStopAtLevel1"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "cold / floor (archive)",
        r.get("coldToFloorRatioAppCds"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "cold / floor (archive + TieredStopAtLevel=1)",
        r.get("coldToFloorRatioAppCdsTieredStopAtLevel1"));
    out.printf(Locale.ROOT, "%-48s %10s %10s %10s%n", "warm verify p50 / p99 / max, ms",
        r.get("warmVerifyP50Ms"), r.get("warmVerifyP99Ms"), r.get("warmVerifyMaxMs"));
    out.printf(Locale.ROOT, "%-48s %10s %10s%n", "emulator round trips p50 / p99, ms",
        r.get("emulatorRoundTripsP50Ms"), r.get("emulatorRoundTripsP99Ms"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "warm p99 above emulator p99, ms",
        r.get("warmOverEmulatorP99Ms"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "DynamoDB calls per verify", r.get("dynamodbCallsPerVerify"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "KMS calls per verify", r.get("kmsCallsPerVerify"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "KMS calls per token signature", r.get("kmsCallsPerSign"));
    out.printf(Locale.ROOT, "%-48s %10s%n", "deployment artifact, bytes", r.get("artifactBytes"));
    out.println();
  }

  private void row(String name, Map<String, Object> r, String median, String min, String max) {
    out.printf(Locale.ROOT, "%-48s %10s %10s %10s%n", name, r.get(median), r.get(min), r.get(max));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private record Warm(Stats verify, Stats emulator, double dynamoPerVerify, double kmsPerVerify,
      double kmsPerSign) {}

  /** A user enrolled through the API, who can produce a code no earlier request used. */
  private static final class EnrolledUser {
    /** A code must outlast a cold start of {@code invoke}; a whole step is plenty. */
    private static final Duration CODE_VALIDITY = Duration.ofSeconds(Totp.STEP_SECONDS);

    final String userId;
    final String token;
    final byte[] secret;
    private final TotpSteps steps;

    private EnrolledUser(String userId, String token, byte[] secret, TotpSteps steps) {
      this.userId = userId;
      this.token = token;
      this.secret = secret;
      this.steps = steps;
    }

    static EnrolledUser enroll(BenchClient client, String userId) throws Exception {
      return enroll(client, userId, Clock.systemUTC());
    }

    static EnrolledUser enroll(BenchClient client, String userId, Clock clock) throws Exception {
      String token = client.devToken(userId);
      Map<String, Object> started = client.post("/v1/me/two-factor/enrollment", token, Map.of());
      byte[] secret = Base32.decode((String) started.get("secret"));
      TotpSteps steps = new TotpSteps(clock, CODE_VALIDITY);
      long step = steps.current();
      steps.usedUpTo(step);
      client.post("/v1/me/two-factor/enrollment/confirm", token, Map.of(
          "enrollmentId", started.get("enrollmentId"),
          "code", Totp.generate(secret, step, Totp.ALGORITHM, Totp.DIGITS)));
      return new EnrolledUser(userId, token, secret, steps);
    }

    /** A code of a step no earlier request of this user used, valid at the user's clock. */
    String nextCode() {
      return Totp.generate(secret, steps.next(), Totp.ALGORITHM, Totp.DIGITS);
    }
  }
}
