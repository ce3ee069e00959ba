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
        ChildProgram program = v.subject.prepare();
        v.add(cold.time(v.java, v.options, program));
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
