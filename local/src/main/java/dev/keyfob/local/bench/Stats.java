package dev.keyfob.local.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, percentiles and spread of a list of durations in milliseconds. Immutable. */
record Stats(List<Double> sortedMillis) {

  static Stats of(List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return new Stats(List.copyOf(sorted));
  }

  double median() {
    return percentile(50);
  }

  double min() {
    return sortedMillis.get(0);
  }

  double max() {
    return sortedMillis.get(sortedMillis.size() - 1);
  }

  /** Nearest-rank percentile. */
  double percentile(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sortedMillis.size());
    return sortedMillis.get(Math.max(0, Math.min(sortedMillis.size() - 1, rank - 1)));
  }

  int count() {
    return sortedMillis.size();
  }
}
