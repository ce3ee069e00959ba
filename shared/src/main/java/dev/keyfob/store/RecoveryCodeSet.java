package dev.keyfob.store;

import java.util.Objects;
import java.util.Set;

/**
 * A stored recovery-code set: the salt and iteration count its PBKDF2 hashes were made with, and
 * the base64 hashes of the codes still unused. The iteration count is kept with the set so the
 * setting can be raised later without breaking the sets already handed out.
 *
 * @param iterations PBKDF2 iterations of the set; 0 for a set stored before the count was kept
 *     (hashed with the setting of the day)
 */
public record RecoveryCodeSet(byte[] salt, int iterations, Set<String> hashes) {

  public RecoveryCodeSet {
    Objects.requireNonNull(salt, "salt");
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must not be negative");
    }
    salt = salt.clone();
    hashes = Set.copyOf(hashes);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** Leaves the hashes out. */
  @Override
  public String toString() {
    return "RecoveryCodeSet[" + hashes.size() + " hashes, " + iterations + " iterations]";
  }
}
