package dev.keyfob.token;

import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.store.ConcurrentUpdateException;
import dev.keyfob.store.SigningKeyRecord;
import dev.keyfob.store.SigningKeyRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes MFA-token signing keys; the signing-key rotation function is its only user in a
 * deployment (the only function allowed to write signing keys), and the local API and tests use
 * it to set up as a deployment would.
 *
 * <p>{@link #ensureFirstKey()} runs at deploy time (a custom resource invokes the rotation
 * function); {@link #rotate()} runs on a schedule or by hand. A new key signs from the moment
 * the pointer names it; the old one is retired but stays published while tokens it signed can
 * still be valid (see {@link SigningKeys#RETIRED_KEY_PUBLICATION}), so nobody is signed out.
 * Thread-safe.
 */
public final class SigningKeyRotation {

  private final SigningKeyRepository repository;
  private final SigningKeyCodec codec;
  private final SigningKeys cache;
  private final Clock clock;

  /**
   * @param cache this process's cache, emptied after each change so it shows the new key at once
   */
  public SigningKeyRotation(SigningKeyRepository repository, SigningKeyCodec codec,
      SigningKeys cache, Clock clock) {
    this.repository = repository;
    this.codec = codec;
    this.cache = cache;
    this.clock = clock;
  }

  /**
   * Creates the first key unless there is one; processes racing to do so agree on one.
   *
   * @return the active kid
   * @throws DependencyUnavailableException if DynamoDB or KMS cannot be used
   */
  public String ensureFirstKey() {
    Optional<SigningKeyRecord> current = repository.active();
    if (current.isPresent()) {
      return current.get().kid();
    }
    SigningKeyCodec.NewKey fresh = codec.generate(clock.instant());
    try {
      repository.createFirst(fresh.stored());
      cache.forgetCachedKeys();
      return fresh.stored().kid();
    } catch (ConcurrentUpdateException lost) {
      return repository.active().map(SigningKeyRecord::kid).orElseThrow(() ->
          new DependencyUnavailableException("dynamodb", lost));
    }
  }

  /**
   * Makes a new active key and retires the current one in one transaction; on an empty table,
   * creates the first key.
   *
   * @return the new active kid
   * @throws IllegalStateException if another rotation ran at the same time (nothing changed;
   *     try again)
   * @throws DependencyUnavailableException if DynamoDB or KMS cannot be used
   */
  public String rotate() {
    Optional<SigningKeyRecord> current = repository.active();
    if (current.isEmpty()) {
      return ensureFirstKey();
    }
    Instant now = clock.instant();
    SigningKeyCodec.NewKey fresh = codec.generate(now);
    try {
      repository.rotate(fresh.stored(), current.get().kid(), now);
    } catch (ConcurrentUpdateException e) {
      throw new IllegalStateException("the signing key was rotated concurrently; try again", e);
    }
    cache.forgetCachedKeys();
    return fresh.stored().kid();
  }
}
