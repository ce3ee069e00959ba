package dev.keyfob.local.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

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

  /** Each distinct screen checked so far, with how many tests checked it. */
  static SortedMap<String, Integer> screens() {
    SortedMap<String, Integer> out = new TreeMap<>();
    SCREENS.forEach((screen, tests) -> out.put(screen, tests.size()));
    return out;
  }

  /** Writes the screens checked so far to {@code file}, one a line, after a count. */
  static List<String> report(Path file) {
    SortedMap<String, Integer> screens = screens();
    List<String> lines = new ArrayList<>();
    lines.add(screens.size() + " distinct screens checked with axe-core (WCAG 2.1 A and AA)"
        + " and for stray null/undefined/NaN/[object Object] text:");
    screens.forEach((screen, tests) -> lines.add("  " + screen + "  (" + tests
        + (tests == 1 ? " test)" : " tests)")));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
