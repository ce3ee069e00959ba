package dev.keyfob.local.bench;

import static dev.keyfob.local.bench.Bench.C1;
import static dev.keyfob.local.bench.Bench.DEFAULTS;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench --compare-jar/--compare-classpath/--compare-java}: cold verifications of
 * this build on this JDK (A) against another build of the verification function's artifact or
 * another JDK (B), interleaved, with their CPU time and class-load profiles, instead of the whole
 * bench. How each change in docs/performance.md was measured.
 */
final class Comparison {

  private final BenchOptions options;
  private final Path java;
  private final Path work;
  private final PrintStream out;
  private final Report report;

  Comparison(BenchOptions options, Path java, Path work, PrintStream out) {
    this.options = options;
    this.java = java;
    this.work = work;
    this.out = out;
    this.report = new Report(out);
  }

  /**
   * Quick A/B of cold verifications: this build's verification artifact on this JDK against
   * another build of it (unpacked like this one, or a classpath as given) or another JDK. Both
   * run behind the same runtime side ({@link RuntimeJar}) on state prepared by this build.
   */
  void run(ColdStarts cold, Subjects subjects) throws Exception {
    Path task = subjects.task(FunctionCases.VERIFY);
    Path other = options.compareClasspath() != null ? options.compareClasspath()
        : options.compareJar() != null
            ? TaskDirectory.unpack(options.compareJar(), work.resolve("task-b")) : task;
    Path otherJava = options.compareJava() != null ? options.compareJava() : java;
    ColdVariant.Subject a = subjects.function(FunctionCases.VERIFY, task);
    ColdVariant.Subject b = subjects.function(FunctionCases.VERIFY, other);
    List<ColdVariant> variants = List.of(
        new ColdVariant("a", "A: this build, this JDK", java, DEFAULTS, a),
        new ColdVariant("b", "B: " + otherName() + (otherJava.equals(java) ? "" : ", other JDK"),
            otherJava, DEFAULTS, b),
        new ColdVariant("aC1", "A", java, C1, a),
        new ColdVariant("bC1", "B", otherJava, C1, b));
    out.printf("keyfob bench --compare: %d rounds; A: %s on %s; B: %s (%s) on %s; load average"
        + " before: %s%n", options.runs(), task, java, otherName(), other, otherJava,
        LoadAverage.now());
    ColdRounds.run(cold, variants, options.runs(), System.err);
    report.heading("cold verify, ms", "median", "min", "max", "C1 med", "C1 min", "C1 max");
    report.coldRow(variants.get(0).label, variants.get(0).stats(), variants.get(2).stats());
    report.coldRow(variants.get(1).label, variants.get(1).stats(), variants.get(3).stats());
    report.heading("CPU time until the response, ms", "median", "min", "max", "C1 med",
        "C1 min", "C1 max");
    report.coldRow(variants.get(0).label, variants.get(0).cpu(), variants.get(2).cpu());
    report.coldRow(variants.get(1).label, variants.get(1).cpu(), variants.get(3).cpu());
    ClassProfiles.Result profiles = new ClassProfiles(cold, work).compare(variants.get(2),
        variants.get(3), 3);
    report.heading("A against B, C1, median of 3", "A", "B", "A - B");
    new BenchTables(report).printProfiles(profiles);
    Map<String, Object> json = new LinkedHashMap<>();
    for (ColdVariant v : variants) {
      json.putAll(Report.figures(v.key, v.stats()));
      json.putAll(Report.cpu(v.key, v.cpu()));
    }
    json.put("profiles", profiles.toJson("a", "b"));
    json.put("bMinusAMs", Report.round(variants.get(1).stats().median()
        - variants.get(0).stats().median()));
    json.put("bMinusAC1Ms", Report.round(variants.get(3).stats().median()
        - variants.get(2).stats().median()));
    json.put("bMinusAC1CpuMs", Report.round(variants.get(3).cpu().median()
        - variants.get(2).cpu().median()));
    json.put("loadAverageAfter", LoadAverage.now());
    out.println(JSON.std.asString(json));
  }

  /** What B runs, as the user named it: the jar or class path compared, else this build. */
  private String otherName() {
    Path named = options.compareClasspath() != null ? options.compareClasspath()
        : options.compareJar();
    return named == null ? "this build" : named.getFileName().toString();
  }
}
