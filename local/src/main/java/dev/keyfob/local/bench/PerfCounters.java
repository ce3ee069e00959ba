package dev.keyfob.local.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HotSpot counters the "above the floor" breakdown reads from a child, through
 * {@code jcmd PID PerfCounter.print}: classes loaded, the JVM's own times for loading classes
 * and its self times (excluding nested work) for defining, verifying, linking and initialising
 * them, and the JIT compilers' total time. Times are summed over all threads (thread time, not
 * wall time) and converted to milliseconds with {@code sun.os.hrt.frequency}.
 */
final class PerfCounters {

  /** Counter to label, in the order printed. Times end in "Time" or "time". */
  static final Map<String, String> SHOWN = orderedOf(
      "classes", "classes loaded (from CDS and not)",
      "sun.cls.sharedClassLoadTime", "loading JDK classes from CDS, ms",
      "sun.cls.sysClassLoadTime", "loading other JDK classes, ms",
      "sun.cls.appClassLoadTime.self", "app class loader: finding, reading, ms",
      "sun.cls.defineAppClassTime.self", "parsing and defining app classes, ms",
      "sun.cls.classVerifyTime.self", "bytecode verification, ms",
      "sun.cls.classLinkedTime.self", "linking, ms",
      "sun.cls.classInitTime.self", "static initialisers, ms",
      "java.ci.totalTime", "JIT compilation (compiler threads), ms");

  private PerfCounters() {}

  /** The shown figures of one {@code PerfCounter.print} output. */
  static Map<String, Double> parse(List<String> lines) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        raw.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    double ticksPerMs = number(raw, "sun.os.hrt.frequency") / 1000.0;
    if (ticksPerMs <= 0) {
      throw new IllegalArgumentException("no sun.os.hrt.frequency in the counters");
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("classes", number(raw, "java.cls.loadedClasses")
        + number(raw, "java.cls.sharedLoadedClasses"));
    for (String name : SHOWN.keySet()) {
      if (!name.equals("classes")) {
        figures.put(name, number(raw, name) / ticksPerMs);
      }
    }
    return figures;
  }

  private static double number(Map<String, String> raw, String name) {
    String v = raw.get(name);
    if (v == null) {
      return 0;
    }
    try {
      return Double.parseDouble(v.replace("\"", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, String> orderedOf(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
