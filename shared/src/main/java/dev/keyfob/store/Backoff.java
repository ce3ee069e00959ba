package dev.keyfob.store;

import dev.keyfob.problem.DependencyUnavailableException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pause before asking DynamoDB again for the keys or items a batch call left unprocessed
 * (it does so when throttled): full jitter over an exponentially growing bound.
 */
final class Backoff {

  private Backoff() {}

  /** Sleeps up to {@code 20 ms × 2^attempt}; an interrupt gives up with 503. */
  static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(20L * (1L << attempt) + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("dynamodb", e);
    }
  }
}
