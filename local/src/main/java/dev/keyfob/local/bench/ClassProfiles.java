package dev.keyfob.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What one cold subject loads and runs beyond another (keyfob's verification beyond the SDK
 * floor; a build beyond another), by cause: classes per library (from {@code -Xlog:class+load})
 * and the JVM's own class-loading, initialisation and JIT times (from its counters, read with
 * {@code jcmd} while the child holds after its response). Both run with their own JVM options,
 * alternating, {@code runs} times each; each figure is the median.
 */
final class ClassProfiles {

  /** One figure for the first subject and for the second. */
  record Pair(double first, double second) {
    double difference() {
      return first - second;
    }
  }

  /** The comparison: JVM counters and classes per library. */
  record Result(Map<String, Pair> counters, Map<String, Pair> classesByLibrary) {

    /** As JSON, each pair as {@code {firstName: .., secondName: ..}}. */
    Map<String, Object> toJson(String firstName, String secondName) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("counters", pairs(counters, firstName, secondName));
      json.put("classesByLibrary", pairs(classesByLibrary, firstName, secondName));
      return json;
    }

    private static Map<String, Object> pairs(Map<String, Pair> pairs, String firstName,
        String secondName) {
      Map<String, Object> json = new LinkedHashMap<>();
      pairs.forEach((k, p) -> json.put(k, Map.of(firstName, Report.round(p.first()),
          secondName, Report.round(p.second()))));
      return json;
    }
  }

  private final ColdStarts cold;
  private final Path work;

  ClassProfiles(ColdStarts cold, Path work) {
    this.cold = cold;
    this.work = work;
  }

  Result compare(ColdVariant first, ColdVariant second, int runs) throws Exception {
    List<Map<String, Double>> firstCounters = new ArrayList<>();
    List<Map<String, Double>> secondCounters = new ArrayList<>();
    List<Map<String, Double>> firstClasses = new ArrayList<>();
    List<Map<String, Double>> secondClasses = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      firstClasses.add(profile(first, firstCounters));
      secondClasses.add(profile(second, secondCounters));
    }
    Map<String, Pair> counters = new LinkedHashMap<>();
    for (String name : PerfCounters.SHOWN.keySet()) {
      counters.put(name, new Pair(median(firstCounters, name), median(secondCounters, name)));
    }
    Map<String, Pair> classes = new TreeMap<>();
    for (String lib : union(firstClasses, secondClasses)) {
      classes.put(lib, new Pair(median(firstClasses, lib), median(secondClasses, lib)));
    }
    return new Result(counters, classes);
  }

  /** One held run: adds its counters, returns its classes per library. */
  private Map<String, Double> profile(ColdVariant v, List<Map<String, Double>> counters)
      throws Exception {
    Path log = work.resolve(v.key + "-class-load.log");
    Files.deleteIfExists(log);
    List<String> options = new ArrayList<>(v.options);
    options.add("-Xlog:class+load=info:file=" + log);
    Path jcmd = v.java.resolveSibling("jcmd");
    cold.runHeld(v.java, options, v.subject.prepare().holding(),
        child -> counters.add(PerfCounters.parse(jcmd(jcmd, child.pid()))));
    Map<String, Double> classes = new TreeMap<>();
    Libraries.count(Files.readAllLines(log, StandardCharsets.UTF_8))
        .forEach((lib, n) -> classes.put(lib, n.doubleValue()));
    return classes;
  }

  private static List<String> jcmd(Path jcmd, long pid) {
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "PerfCounter.print")
          .redirectErrorStream(true).start();
      List<String> lines = new String(p.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8).lines().toList();
      p.waitFor(30, TimeUnit.SECONDS);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double median(List<Map<String, Double>> runs, String name) {
    List<Double> values = new ArrayList<>();
    runs.forEach(r -> values.add(r.getOrDefault(name, 0.0)));
    return Stats.of(values).median();
  }

  private static List<String> union(List<Map<String, Double>> a, List<Map<String, Double>> b) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    a.forEach(m -> all.addAll(m.keySet()));
    b.forEach(m -> all.addAll(m.keySet()));
    return new ArrayList<>(all);
  }
}
