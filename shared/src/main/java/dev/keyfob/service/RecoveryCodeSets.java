package dev.keyfob.service;

import dev.keyfob.recovery.RecoveryCodeHasher;
import dev.keyfob.recovery.RecoveryCodes;
import dev.keyfob.store.RecoveryCodeSet;
import dev.keyfob.store.UserState;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes recovery-code sets and checks attempts against stored ones. A set is ten codes under one
 * random salt, stored only as PBKDF2 hashes, so checking an attempt costs one hash whichever of
 * the ten it matches. Owns the last-code rule ({@link #isLastCode}). Thread-safe.
 */
final class RecoveryCodeSets {

  /**
   * The last-code rule, its one owner: using the last unused code of the set removes the factor
   * (every method of it) and changes the factor version, so the user enrolls afresh at next
   * sign-in; the token that use returns carries the new version. The repository only carries out
   * what this decides.
   */
  static boolean isLastCode(dev.keyfob.store.UserState state) {
    return state.recoveryHashes().size() == 1;
  }


  private final RecoveryCodeHasher hasher;
  private final SecureRandom random;

  RecoveryCodeSets(RecoveryCodeHasher hasher, SecureRandom random) {
    this.hasher = hasher;
    this.random = random;
  }

  /** A fresh set: codes to show once (grouped for reading), and what to store. */
  NewSet create() {
    List<String> codes = RecoveryCodes.generate(random);
    byte[] salt = hasher.newSalt(random);
    List<String> shown = new ArrayList<>(codes.size());
    Set<String> hashes = new LinkedHashSet<>();
    for (String code : codes) {
      String normalized = RecoveryCodes.normalize(code).orElseThrow(
          () -> new AssertionError("a generated recovery code must normalise"));
      shown.add(RecoveryCodes.format(normalized));
      hashes.add(encode(hasher.hash(salt, normalized)));
    }
    return new NewSet(shown, new RecoveryCodeSet(salt, hasher.iterations(), hashes));
  }

  /**
   * The stored hash an attempt would have under the user's current set: its salt and the
   * iterations it was made with (the setting of today for sets stored before that was kept).
   */
  String hashOf(UserState state, String normalizedAttempt) {
    RecoveryCodeSet set = state.recoveryCodes();
    int iterations = set.iterations() > 0 ? set.iterations() : hasher.iterations();
    RecoveryCodeHasher setHasher = iterations == hasher.iterations() ? hasher
        : new RecoveryCodeHasher(iterations);
    return encode(setHasher.hash(set.salt(), normalizedAttempt));
  }

  /**
   * The stored hash equal to {@code candidate}, or null. Compares against every hash in
   * constant time per comparison, so timing tells nothing about which codes exist.
   */
  static String match(Set<String> stored, String candidate) {
    byte[] wanted = Base64.getDecoder().decode(candidate);
    String found = null;
    for (String hash : stored) {
      if (MessageDigest.isEqual(Base64.getDecoder().decode(hash), wanted)) {
        found = hash;
      }
    }
    return found;
  }

  private static String encode(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }

  /** A new set: the codes to show, and what to store. {@link #toString()} leaves codes out. */
  record NewSet(List<String> codes, RecoveryCodeSet stored) {
    @Override
    public String toString() {
      return "NewSet[" + codes.size() + " codes]";
    }
  }
}
