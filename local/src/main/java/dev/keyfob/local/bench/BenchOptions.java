package dev.keyfob.local.bench;

import java.net.URI;
import java.nio.file.Path;

/**
 * The command line of {@code scripts/bench}.
 *
 * @param repo the repository root
 * @param runs rounds of cold samples: every cold figure gets one fresh JVM per round
 * @param warmCalls measured warm verifications, and as many warm WebAuthn assertion verifications
 * @param java25 a JDK 25 to compare with (cold, warm, AOT cache), or null
 * @param compareJar another build of the verification function's artifact (the TOTP functions'
 *     {@code keyfob-functions.jar}) to compare cold verifications with, instead of the whole
 *     bench, or null; it is unpacked as Lambda would
 * @param compareClasspath like {@code compareJar}, but used as given (a jar then runs packed)
 * @param compareJava another JDK to compare cold verifications on, instead of the whole bench,
 *     or null
 * @param warmOnly run only the warm phase and print its JSON (the bench uses it to measure a
 *     second JDK)
 * @param awsEndpoint the emulator to use in {@code warmOnly} mode
 * @param userPrefix prefix of the users made in {@code warmOnly} mode
 */
record BenchOptions(Path repo, int runs, int warmCalls, Path java25, Path compareJar,
    Path compareClasspath, Path compareJava, boolean warmOnly, URI awsEndpoint, String userPrefix) {

  static final int DEFAULT_RUNS = 10;
  static final int MIN_RUNS = 3;

  static BenchOptions parse(String... args) {
    Path repo = Path.of("").toAbsolutePath();
    int runs = DEFAULT_RUNS;
    int warm = 2000;
    Path java25 = null;
    Path compareJar = null;
    Path compareClasspath = null;
    Path compareJava = null;
    boolean warmOnly = false;
    URI endpoint = null;
    String prefix = "bench-warm-";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--repo" -> repo = Path.of(required(args[i], value)).toAbsolutePath();
        case "--runs" -> runs = Integer.parseInt(required(args[i], value));
        case "--warm" -> warm = Integer.parseInt(required(args[i], value));
        case "--java25" -> java25 = Path.of(required(args[i], value));
        case "--compare-jar" -> compareJar = Path.of(required(args[i], value)).toAbsolutePath();
        case "--compare-classpath" ->
            compareClasspath = Path.of(required(args[i], value)).toAbsolutePath();
        case "--compare-java" -> compareJava = Path.of(required(args[i], value));
        case "--aws-endpoint" -> endpoint = URI.create(required(args[i], value));
        case "--user-prefix" -> prefix = required(args[i], value);
        case "--warm-only" -> {
          warmOnly = true;
          continue;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (runs < MIN_RUNS) {
      throw new IllegalArgumentException("--runs must be at least " + MIN_RUNS);
    }
    if (warmOnly && endpoint == null) {
      throw new IllegalArgumentException("--warm-only needs --aws-endpoint");
    }
    return new BenchOptions(repo, runs, warm, java25, compareJar, compareClasspath, compareJava,
        warmOnly,
        endpoint, prefix);
  }

  /** Whether this is a quick A/B comparison rather than the whole bench. */
  boolean comparing() {
    return compareJar != null || compareClasspath != null || compareJava != null;
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
