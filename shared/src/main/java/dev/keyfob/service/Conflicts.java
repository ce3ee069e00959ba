package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.ConcurrentUpdateException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Runs a decision against the caller's state and, when its conditional write loses a race,
 * reloads the state and decides again. Each retry follows a change another request made, so
 * the loop ends; the bound only guards against a pathological storm, which answers 503 with
 * nothing written.
 */
final class Conflicts {

  /** Far above what contention for one user's item can need. */
  static final int MAX_ATTEMPTS = 64;

  private Conflicts() {}

  static <T> T retry(Caller caller, AccountRepository accounts, Function<Caller, T> decision) {
    Caller current = caller;
    for (int attempt = 1; ; attempt++) {
      try {
        return decision.apply(current);
      } catch (ConcurrentUpdateException lostRace) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new DependencyUnavailableException("dynamodb", lostRace);
        }
        pause(attempt);
        current = current.withSnapshot(accounts.load(caller.userId(), caller.orgId(),
            current.snapshot().lookups()));
      }
    }
  }

  /**
   * As {@link #retry}, for a decision that writes at most once: an attempt that finds that write
   * already applied (it succeeded, but its answer was lost and the SDK retried it) answers what
   * the write would have answered, without deciding again.
   */
  static <T> T retryWrite(Caller caller, AccountRepository accounts, WriteOnce<T> write,
      Function<Caller, T> decision) {
    return retry(caller, accounts, c -> write.applied(c.snapshot().state().lastWriteId())
        ? write.replay() : decision.apply(c));
  }

  /** A short jittered pause so racing requests spread out instead of colliding again. */
  private static void pause(int attempt) {
    long bound = Math.min(20, 1L << Math.min(attempt, 5));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("dynamodb", e);
    }
  }
}
