package dev.keyfob.store;

import java.util.Objects;
import java.util.Set;

/**
 * A stored recovery-code set: the salt and iteration count its PBKDF2 hashes were made with, and
 * the base64 hashes of the codes still unused. The iteration count is kept with the set so the
 * setting can be raised later without breaking the sets already handed out.
 */
public record RecoveryCodeSet(byte[] salt, int iterations, Set<String> hashes) {

  public RecoveryCodeSet {
    Objects.requireNonNull(salt, "salt");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
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
