package dev.keyfob.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The outcome of a request's latest conditional write, kept across the retries of
 * {@link Conflicts#retryWrite}. When DynamoDB applied a write but its answer was lost, the SDK's retry
 * of the same write fails its condition; the reloaded item then carries this attempt's write id,
 * and the request answers what the write meant (the token, or the counted failure) instead of
 * deciding again and counting a failure twice or refusing a code it had just accepted.
 *
 * <p>Per request; not thread-safe.
 */
final class WriteOnce<T> {

  private static final SecureRandom RANDOM = new SecureRandom();

  private String writeId;
  private Supplier<T> outcome;

  /**
   * A fresh write id for the next write, and what the request answers if it took effect.
   *
   * @param outcome returns the result, or throws the problem the write stands for
   */
  String next(Supplier<T> outcome) {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    this.writeId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    this.outcome = outcome;
    return writeId;
  }

  /** Whether the item's last write was this request's latest attempt. */
  boolean applied(String lastWriteIdOfItem) {
    return writeId != null && writeId.equals(lastWriteIdOfItem);
  }

  /** The outcome of the write that took effect; may throw its problem. */
  T replay() {
    return outcome.get();
  }
}
