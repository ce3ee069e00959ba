package dev.keyfob.local.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * The screens the browser tests of this run checked (see {@link Browser#checkScreen}), for the
 * report at the end of the run, and the page snapshots already found clean, so that a screen
 * met again exactly as it was (the sign-in screen of every journey) is not audited twice.
 * Shared by every test of the JVM; thread-safe.
 */
final class ScreenChecks {

  private static final Map<String, Set<String>> SCREENS = new ConcurrentSkipListMap<>();
  private static final Set<String> CLEAN = ConcurrentHashMap.newKeySet();

  private ScreenChecks() {}

  /** Notes that {@code test} checked {@code screen}. */
  static void checked(String screen, String test) {
    SCREENS.computeIfAbsent(screen, s -> new ConcurrentSkipListSet<>()).add(test);
  }

  /** Whether a snapshot with this fingerprint was already audited and found clean. */
  static boolean knownClean(String fingerprint) {
    return CLEAN.contains(fingerprint);
  }

  static void clean(String fingerprint) {
    CLEAN.add(fingerprint);
  }

  /** Each distinct screen checked so far in this JVM, with how many tests checked it. */
  static SortedMap<String, Integer> screens() {
    SortedMap<String, Integer> out = new TreeMap<>();
    SCREENS.forEach((screen, tests) -> out.put(screen, tests.size()));
    return out;
  }

  /**
   * Adds this JVM's screens to the run's record in {@code dir} (one file per test JVM: the suite
   * runs in several forks, see {@code local/pom.xml}), then writes the screens of every JVM of
   * the run so far to {@code dir/../screen-checks.txt}, one a line after a count. The last JVM
   * to finish writes the whole run.
   */
  static List<String> report(Path dir) {
    try {
      Path run = dir.resolve(System.getProperty("keyfob.testRun", "this-run"));
      Files.createDirectories(run);
      List<String> mine = new ArrayList<>();
      SCREENS.forEach((screen, tests) -> tests.forEach(test -> mine.add(screen + "\t" + test)));
      String fork = System.getProperty("keyfob.fork", Long.toString(ProcessHandle.current().pid()));
      Path part = run.resolve(fork + ".tsv");
      Path written = Files.write(run.resolve(part.getFileName() + ".tmp"), mine, StandardCharsets.UTF_8);
      Files.move(written, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      SortedMap<String, Set<String>> all = new TreeMap<>();
      try (Stream<Path> parts = Files.list(run)) {
        for (Path each : parts.filter(f -> f.toString().endsWith(".tsv")).toList()) {
          for (String line : Files.readAllLines(each, StandardCharsets.UTF_8)) {
            String[] screenAndTest = line.split("\t", 2);
            all.computeIfAbsent(screenAndTest[0], s -> new TreeSet<>()).add(screenAndTest[1]);
          }
        }
      }
      List<String> lines = new ArrayList<>();
      lines.add(all.size() + " distinct screens checked with axe-core (WCAG 2.1 A and AA)"
          + " and for stray null/undefined/NaN/[object Object] text:");
      all.forEach((screen, tests) -> lines.add("  " + screen + "  (" + tests.size()
          + (tests.size() == 1 ? " test)" : " tests)")));
      Files.write(dir.resolveSibling("screen-checks.txt"), lines, StandardCharsets.UTF_8);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
