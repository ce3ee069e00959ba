package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.local.LocalApiServer;
import dev.keyfob.local.LocalSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench}: the cold first request of every function route, with the JVM's
 * defaults and with Lambda's {@code TieredStopAtLevel=1}, against two floors (a hello world, and
 * a bare-SDK program making exactly the network calls of a cold verification); what a cold
 * verification adds above the SDK floor, by cause; a JDK 25 comparison when one is given; warm
 * verification latency against the emulator's own round trips, and warm WebAuthn assertion
 * verification latency; AWS calls per request; the largest deployment artifact. Prints tables,
 * then one JSON object as the last line.
 *
 * <p>Every cold sample is a fresh JVM whose state (an enrolled user, a started enrollment, an
 * admin, a registered security key with a started assertion, ...) was prepared beforehand
 * through the local API, so only the first request is timed: from launch to the response on
 * stdout. Each function runs from its own artifact (its {@code CodeUri}), unpacked. Cold figures
 * are sampled in rounds, each round running every figure once in a rotated order, so a shared
 * machine's load falls on all alike. Everything runs against the emulator on loopback.
 */
public final class Bench {

  static final List<String> DEFAULTS = List.of();
  static final List<String> C1 = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  private static final String HELLO =
      "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }";

  private final BenchOptions options;
  private final PrintStream out;
  private final Report report;
  private final Path work;
  private final Path jar;
  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  private Bench(BenchOptions options, PrintStream out, Path work) {
    this.options = options;
    this.out = out;
    this.report = new Report(out);
    this.work = work;
    this.jar = options.repo().resolve("local/target/keyfob-local.jar");
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    // The handlers print a JSON line per request to the stdout they find when built; send those
    // to a log file so the figures are the only output.
    PrintStream figures = System.out;
    Path work = Files.createDirectories(options.repo().resolve("local/target/bench"));
    System.setOut(new PrintStream(Files.newOutputStream(work.resolve("handlers.log")), true,
        StandardCharsets.UTF_8));
    if (options.warmOnly()) {
      WarmPhase.Result warm = new WarmPhase(options.repo().resolve("template.yaml"),
          options.awsEndpoint(), options.warmCalls(), options.userPrefix()).run();
      figures.println(JSON.std.asString(warm.toJson()));
    } else {
      new Bench(options, figures, work).run();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    String loadBefore = LoadAverage.now();
    try (PrintStream serverLog = new PrintStream(Files.newOutputStream(work.resolve("api.log")));
        LocalApiServer api = LocalApiServer.builder()
            .templatePath(options.repo().resolve("template.yaml")).port(0)
            .processEnvironment(Map.of()).log(serverLog).start()) {
      Preparation prep = new Preparation(new BenchClient(api.baseUri()), Clock.systemUTC(),
          api.settings().webauthnOrigins().get(0));
      ColdStarts cold = new ColdStarts(work, childEnvironment(api));
      Path runtime = RuntimeJar.write(jar, work.resolve("lambda-runtime.jar"));
      Subjects subjects = new Subjects(api, prep, work, cold, options.repo(), jar, runtime);
      if (options.comparing()) {
        new Comparison(options, java, work, out).run(cold, subjects);
        return;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      out.printf("keyfob bench: %d rounds of fresh JVMs (each cold figure once per round, in"
          + " rotating order), %d warm verifications and %d warm WebAuthn assertion"
          + " verifications%nJVM %s (%s), %d CPUs; load average before: %s%n", options.runs(),
          options.warmCalls(), options.warmCalls(),
          System.getProperty("java.vm.version"), System.getProperty("java.home"),
          Runtime.getRuntime().availableProcessors(), loadBefore);

      ColdVariant hello = new ColdVariant("hello", "JVM floor: hello world", java, DEFAULTS,
          subjects.hello(HELLO));
      ColdVariant floorDefault = new ColdVariant("sdkFloor", "SDK floor", java, DEFAULTS,
          subjects.sdkFloor());
      ColdVariant floorC1 = new ColdVariant("sdkFloorC1", "SDK floor", java, C1,
          subjects.sdkFloor());
      List<ColdVariant> variants = new ArrayList<>(List.of(hello, floorDefault, floorC1));
      Map<FunctionCase, ColdVariant[]> functions = new LinkedHashMap<>();
      for (FunctionCase fc : FunctionCases.ALL) {
        ColdVariant.Subject s = subjects.function(fc);
        ColdVariant[] pair = {
            new ColdVariant(fc.key(), fc.label(), java, DEFAULTS, s),
            new ColdVariant(fc.key() + "C1", fc.label(), java, C1, s)};
        functions.put(fc, pair);
        variants.addAll(List.of(pair));
      }
      ColdVariant verifyC1 = functions.get(FunctionCases.VERIFY)[1];
      List<ColdVariant> java25 = options.java25() == null ? List.of()
          : java25Variants(verifyC1.subject, subjects.function(FunctionCases.VERIFY,
              subjects.artifact(FunctionCases.VERIFY)), options.java25());
      variants.addAll(java25);

      ColdRounds.run(cold, variants, options.runs(), System.err);
      ClassProfiles.Result above = new ClassProfiles(cold, work).compare(verifyC1, floorC1, 3);
      JfrProfile jfr = new JfrProfile(cold, work);
      Map<String, Integer> keyfobSamples = jfr.samples(verifyC1, 3);
      Map<String, Integer> floorSamples = jfr.samples(floorC1, 3);
      WarmPhase.Result warm = new WarmPhase(options.repo().resolve("template.yaml"),
          api.awsEndpoint(), options.warmCalls(), "bench-warm-").run();
      Map<String, Object> warm25 = options.java25() == null ? Map.of()
          : warmOn(options.java25(), api);

      Stats verify = functions.get(FunctionCases.VERIFY)[0].stats();
      Stats verifyC1Stats = verifyC1.stats();
      result.putAll(Report.figures("coldStart", verify));
      result.putAll(Report.figures("coldStartTieredStopAtLevel1", verifyC1Stats));
      result.putAll(Report.figures("jvmFloor", hello.stats()));
      result.putAll(Report.figures("sdkFloor", floorC1.stats()));
      result.putAll(Report.figures("sdkFloorDefault", floorDefault.stats()));
      result.putAll(Report.cpu("coldStart", functions.get(FunctionCases.VERIFY)[0].cpu()));
      result.putAll(Report.cpu("coldStartTieredStopAtLevel1", verifyC1.cpu()));
      result.putAll(Report.cpu("sdkFloor", floorC1.cpu()));
      result.put("coldToSdkFloorCpuRatio",
          Report.round(verifyC1.cpu().median() / floorC1.cpu().median()));
      result.put("coldToFloorRatio", Report.round(verify.median() / hello.stats().median()));
      result.put("coldToFloorRatioTieredStopAtLevel1",
          Report.round(verifyC1Stats.median() / hello.stats().median()));
      result.put("coldToSdkFloorRatio",
          Report.round(verifyC1Stats.median() / floorC1.stats().median()));
      result.put("coldToSdkFloorRatioDefault",
          Report.round(verify.median() / floorDefault.stats().median()));
      for (ColdVariant v : java25) {
        result.putAll(Report.figures(v.key, v.stats()));
        result.putAll(Report.cpu(v.key, v.cpu()));
      }
      result.putAll(warm.toJson());
      warm25.forEach((k, v) -> result.put("java25" + Character.toUpperCase(k.charAt(0))
          + k.substring(1), v));
      result.put("functions", functionsJson(functions));
      Map<String, Object> aboveJson = above.toJson("keyfob", "floor");
      aboveJson.put("cpuSamplesByCause", samplesJson(keyfobSamples, floorSamples));
      result.put("aboveSdkFloor", aboveJson);
      Artifacts.Largest artifact = Artifacts.largest(options.repo(),
          Files.readString(options.repo().resolve("template.yaml")));
      result.put("artifactBytes", artifact.bytes());
      result.put("artifact", artifact.path());
      result.put("runs", options.runs());
      result.put("retriedSamples", variants.stream().mapToInt(ColdVariant::retries).sum());
      result.put("warmCalls", options.warmCalls());
      result.put("loadAverageBefore", loadBefore);
      result.put("loadAverageAfter", LoadAverage.now());

      new BenchTables(report).print(functions, hello, floorDefault, floorC1, java25, above,
          result);
      out.println(JSON.std.asString(result));
    }
  }

  /**
   * Cold verifications on JDK 25: from the unpacked directory as on the managed runtime, and
   * from the jar without and with an AOT cache (JEP 483/514), as a container image could ship it
   * (the cache needs a jar on the classpath).
   */
  private List<ColdVariant> java25Variants(ColdVariant.Subject fromTask,
      ColdVariant.Subject fromJar, Path java25) throws Exception {
    Path cache = work.resolve("keyfob-verify.aot");
    Files.deleteIfExists(cache);
    return List.of(
        new ColdVariant("java25ColdStart", "verify", java25, DEFAULTS, fromTask),
        new ColdVariant("java25ColdStartTieredStopAtLevel1", "verify", java25, C1, fromTask),
        new ColdVariant("java25JarColdStart", "verify, from the jar", java25, DEFAULTS, fromJar),
        new ColdVariant("java25JarColdStartTieredStopAtLevel1", "verify, from the jar", java25,
            C1, fromJar),
        new ColdVariant("java25AotCacheColdStart", "verify, from the jar, AOT cache", java25,
            List.of("-XX:AOTCache=" + cache), fromJar, List.of("-XX:AOTCacheOutput=" + cache)),
        new ColdVariant("java25AotCacheColdStartTieredStopAtLevel1",
            "verify, from the jar, AOT cache", java25, concat(C1, "-XX:AOTCache=" + cache),
            fromJar));
  }

  /** The warm phase in a child on another JDK, against the same emulator. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> warmOn(Path otherJava, LocalApiServer api) throws Exception {
    Process p = new ProcessBuilder(otherJava.toString(), "-cp", jar.toString(),
        Bench.class.getName(), "--warm-only", "--repo", options.repo().toString(),
        "--warm", Integer.toString(options.warmCalls()), "--aws-endpoint",
        api.awsEndpoint().toString(), "--user-prefix", "bench-warm25-")
        .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("children.log").toFile()))
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the warm phase on " + otherJava + " failed; see "
          + work.resolve("children.log"));
    }
    List<String> lines = output.lines().toList();
    return JSON.std.mapFrom(lines.get(lines.size() - 1));
  }

  private Map<String, String> childEnvironment(LocalApiServer api) {
    Map<String, String> env = new LinkedHashMap<>(LocalSettings.environment(api.port(),
        Map.of(), Map.of("KEYFOB_TABLE_NAME", api.settings().tableName(),
            "KEYFOB_KMS_KEY_ID", api.settings().kmsKeyId())));
    env.put("AWS_ENDPOINT_URL", api.awsEndpoint().toString());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    return env;
  }

  private static Map<String, Object> samplesJson(Map<String, Integer> keyfob,
      Map<String, Integer> floor) {
    java.util.TreeSet<String> causes = new java.util.TreeSet<>(keyfob.keySet());
    causes.addAll(floor.keySet());
    Map<String, Object> json = new LinkedHashMap<>();
    for (String cause : causes) {
      json.put(cause, Map.of("keyfob", keyfob.getOrDefault(cause, 0),
          "floor", floor.getOrDefault(cause, 0)));
    }
    return json;
  }

  private static Map<String, Object> functionsJson(Map<FunctionCase, ColdVariant[]> functions) {
    Map<String, Object> json = new LinkedHashMap<>();
    functions.forEach((fc, pair) -> {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("function", fc.functionId());
      f.putAll(Report.figures("cold", pair[0].stats()));
      f.putAll(Report.figures("coldTieredStopAtLevel1", pair[1].stats()));
      f.putAll(Report.cpu("cold", pair[0].cpu()));
      f.putAll(Report.cpu("coldTieredStopAtLevel1", pair[1].cpu()));
      json.put(fc.key(), f);
    });
    return json;
  }

  private static List<String> concat(List<String> options, String extra) {
    List<String> all = new ArrayList<>(options);
    all.add(extra);
    return all;
  }
}
