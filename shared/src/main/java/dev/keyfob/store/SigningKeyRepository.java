package dev.keyfob.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The MFA-token signing keys in storage: every key ever made, and a pointer to the active one
 * that carries a copy of it, so loading the signing key is one read. Only the signing-key
 * rotation writes here ({@link #createFirst}, {@link #rotate}); every other function only reads.
 * Unreachable storage is {@link dev.keyfob.problem.DependencyUnavailableException}.
 */
public interface SigningKeyRepository {

  /** The active key with its private envelope, or empty before the first key exists. */
  Optional<SigningKeyRecord> active();

  /** Every key ever made, active and retired, with public parts only. */
  List<SigningKeyRecord> publicKeys();

  /**
   * Stores the first key and points at it, only if no key is active yet.
   *
   * @throws ConcurrentUpdateException if there is an active key already; nothing is written
   */
  void createFirst(SigningKeyRecord key);

  /**
   * Stores {@code fresh}, retires {@code currentKid} at {@code now} and points at the new key,
   * in one transaction, only if the pointer still names {@code currentKid}.
   *
   * @throws ConcurrentUpdateException if another rotation moved the pointer; nothing is written
   */
  void rotate(SigningKeyRecord fresh, String currentKid, Instant now);
}
