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
 * What a cold verification loads and runs beyond the SDK floor, by cause: classes per library
 * (from {@code -Xlog:class+load}) and the JVM's own class-loading, initialisation and JIT times
 * (from its counters, read with {@code jcmd} while the child holds after its response). Both
 * subjects run with the same JVM options, alternating, {@code runs} times each; each figure is
 * the median.
 */
final class AboveFloor {

  /** One figure for keyfob's verification and for the floor. */
  record Pair(double keyfob, double floor) {
    double above() {
      return keyfob - floor;
    }
  }

  /** The breakdown: JVM counters and classes per library. */
  record Result(Map<String, Pair> counters, Map<String, Pair> classesByLibrary) {

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("counters", pairs(counters));
      json.put("classesByLibrary", pairs(classesByLibrary));
      return json;
    }

    private static Map<String, Object> pairs(Map<String, Pair> pairs) {
      Map<String, Object> json = new LinkedHashMap<>();
      pairs.forEach((k, p) -> json.put(k, Map.of("keyfob", Report.round(p.keyfob()),
          "floor", Report.round(p.floor()))));
      return json;
    }
  }

  private final ColdStarts cold;
  private final Path work;

  AboveFloor(ColdStarts cold, Path work) {
    this.cold = cold;
    this.work = work;
  }

  Result measure(ColdVariant keyfob, ColdVariant floor, int runs) throws Exception {
    List<Map<String, Double>> keyfobCounters = new ArrayList<>();
    List<Map<String, Double>> floorCounters = new ArrayList<>();
    Map<String, Integer> keyfobClasses = Map.of();
    Map<String, Integer> floorClasses = Map.of();
    for (int i = 0; i < runs; i++) {
      keyfobClasses = profile(keyfob, keyfobCounters);
      floorClasses = profile(floor, floorCounters);
    }
    Map<String, Pair> counters = new LinkedHashMap<>();
    for (String name : PerfCounters.SHOWN.keySet()) {
      counters.put(name, new Pair(median(keyfobCounters, name), median(floorCounters, name)));
    }
    Map<String, Pair> classes = new TreeMap<>();
    for (String lib : union(keyfobClasses, floorClasses)) {
      classes.put(lib, new Pair(keyfobClasses.getOrDefault(lib, 0),
          floorClasses.getOrDefault(lib, 0)));
    }
    return new Result(counters, classes);
  }

  /** One held run: adds its counters, returns its classes per library. */
  private Map<String, Integer> profile(ColdVariant v, List<Map<String, Double>> counters)
      throws Exception {
    Path log = work.resolve(v.key + "-class-load.log");
    Files.deleteIfExists(log);
    List<String> options = new ArrayList<>(v.options);
    options.add("-Xlog:class+load=info:file=" + log);
    ChildProgram p = v.subject.prepare();
    List<String> args = new ArrayList<>(p.args());
    args.add("--hold");
    Path jcmd = v.java.resolveSibling("jcmd");
    cold.runHeld(v.java, options, new ChildProgram(p.classpath(), p.mainClass(), args,
        p.expect()), child -> counters.add(PerfCounters.parse(jcmd(jcmd, child.pid()))));
    return Libraries.count(Files.readAllLines(log, StandardCharsets.UTF_8));
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

  private static List<String> union(Map<String, Integer> a, Map<String, Integer> b) {
    TreeMap<String, Integer> all = new TreeMap<>(a);
    all.putAll(b);
    return new ArrayList<>(all.keySet());
  }
}
