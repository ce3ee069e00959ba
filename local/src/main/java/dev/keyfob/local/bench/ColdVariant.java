package dev.keyfob.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One cold figure: a subject (what the child runs, prepared afresh for every sample) launched
 * on one JVM with one set of options. Samples accumulate over the rounds of {@link ColdRounds}.
 * Not thread-safe.
 */
final class ColdVariant {

  /** Prepares the state of one sample and says what the child runs; not timed. */
  @FunctionalInterface
  interface Subject {
    ChildProgram prepare() throws Exception;
  }

  final String key;
  final String label;
  final Path java;
  final List<String> options;
  final Subject subject;
  /** Options of a single untimed training run before the first round (an archive), or empty. */
  final List<String> training;
  private final List<Double> millis = new ArrayList<>();
  private final List<Double> cpuMillis = new ArrayList<>();
  private int retries;

  ColdVariant(String key, String label, Path java, List<String> options, Subject subject) {
    this(key, label, java, options, subject, List.of());
  }

  ColdVariant(String key, String label, Path java, List<String> options, Subject subject,
      List<String> training) {
    this.key = key;
    this.label = label;
    this.java = java;
    this.options = List.copyOf(options);
    this.subject = subject;
    this.training = List.copyOf(training);
  }

  void add(ColdStarts.Sample sample) {
    millis.add(sample.wallMs());
    if (!Double.isNaN(sample.cpuMs())) {
      cpuMillis.add(sample.cpuMs());
    }
  }

  void retried() {
    retries++;
  }

  /** Samples that had to be taken again (see {@code ColdRounds}). */
  int retries() {
    return retries;
  }

  /** Wall time from launch to the response. */
  Stats stats() {
    return Stats.of(millis);
  }

  /** CPU time of the child until its response; null where the subject cannot tell. */
  Stats cpu() {
    return cpuMillis.isEmpty() ? null : Stats.of(cpuMillis);
  }
}
