package dev.keyfob.local.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Formatting of the bench's table and of its figures in the JSON line. */
final class Report {

  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  /** Milliseconds and ratios with two decimals. */
  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Median, min and max of a cold figure under {@code key} ({@code keyMs}, {@code keyMinMs}...). */
  static Map<String, Object> figures(String key, Stats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key + "Ms", round(s.median()));
    m.put(key + "MinMs", round(s.min()));
    m.put(key + "MaxMs", round(s.max()));
    return m;
  }

  /** Median CPU time of a cold figure under {@code keyCpuMs}, if it has one. */
  static Map<String, Object> cpu(String key, Stats cpu) {
    return cpu == null ? Map.of() : Map.of(key + "CpuMs", round(cpu.median()));
  }

  void heading(String title, String... columns) {
    out.println();
    out.printf(Locale.ROOT, "%-52s", title);
    for (String c : columns) {
      out.printf(Locale.ROOT, " %9s", c);
    }
    out.println();
  }

  /** A row of a label and numbers (null for an empty cell). */
  void row(String label, Double... values) {
    out.printf(Locale.ROOT, "%-52s", label);
    for (Double v : values) {
      out.printf(Locale.ROOT, " %9s", v == null ? "" : String.format(Locale.ROOT, "%.1f", v));
    }
    out.println();
  }

  /** A row of a cold figure on both tiered-compilation settings; either may be null. */
  void coldRow(String label, Stats defaults, Stats c1) {
    row(label, defaults == null ? null : defaults.median(), defaults == null ? null : defaults.min(),
        defaults == null ? null : defaults.max(), c1 == null ? null : c1.median(),
        c1 == null ? null : c1.min(), c1 == null ? null : c1.max());
  }

  void text(String label, Object value) {
    out.printf(Locale.ROOT, "%-52s %9s%n", label, value);
  }

  void line(String s) {
    out.println(s);
  }
}
