package dev.keyfob.local.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples cold variants in rounds: every round runs each variant once, in an order rotated by
 * one from the round before, so load that comes and goes on a shared machine falls on all of
 * them alike (A, B, C, then B, C, A, ...) instead of on whichever ran during the busy minute.
 */
final class ColdRounds {

  private ColdRounds() {}

  static void run(ColdStarts cold, List<ColdVariant> variants, int rounds, PrintStream progress)
      throws Exception {
    for (ColdVariant v : variants) {
      if (!v.training.isEmpty()) {
        cold.time(v.java, v.training, v.subject.prepare());
      }
    }
    for (int round = 0; round < rounds; round++) {
      progress.printf("[scripts/bench] cold round %d of %d%n", round + 1, rounds);
      for (ColdVariant v : order(variants, round)) {
        v.add(sample(cold, v, progress));
      }
    }
  }

  /**
   * One sample, tried up to three times, each on freshly prepared state: on a loaded machine the
   * emulator can be slower than keyfob's time limits for AWS calls, and the function (or the
   * local API preparing its state) then rightly answers 503. Each retry is reported. Any other
   * answer than the case's success status stops the bench at once: a figure of a refused
   * request would measure the wrong code path.
   */
  private static ColdStarts.Sample sample(ColdStarts cold, ColdVariant v, PrintStream progress)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return cold.time(v.java, v.options, v.subject.prepare());
      } catch (ColdStarts.Unavailable | BenchClient.Unavailable e) {
        if (attempt == 3) {
          throw e;
        }
        progress.println("[scripts/bench] retrying a sample of " + v.key + ": " + e.getMessage());
        v.retried();
      }
    }
  }

  /** The variants rotated left by {@code round} places. */
  static <T> List<T> order(List<T> variants, int round) {
    List<T> ordered = new ArrayList<>(variants.size());
    for (int i = 0; i < variants.size(); i++) {
      ordered.add(variants.get((i + round) % variants.size()));
    }
    return ordered;
  }
}
