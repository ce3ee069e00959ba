package dev.keyfob.recovery;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes recovery codes for storage with PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2) through JCA:
 * a 32-byte derived key from the normalised code, a salt and an iteration count.
 *
 * <p><b>One salt per set.</b> All codes of a set share one random {@value #SALT_BYTES}-byte salt,
 * stored with the set. Checking an attempt is then one hash, looked up among the stored hashes,
 * rather than one hash per stored code. The shared salt still makes every user's set hash
 * differently, so nothing can be precomputed and no two users' hashes can be compared.
 *
 * <p><b>Why a moderate iteration count is enough.</b> The codes are not passwords: each has
 * {@value RecoveryCodes#ENTROPY_BITS} uniformly random bits. What protects them is that
 * entropy, together with lockout for online guessing. The iterations are defence in depth
 * should the stored hashes leak: even at the minimum of 1,000 iterations, searching 2^64 codes
 * (2^61 expected per hit against a set of ten) takes around 2^71 HMAC evaluations. Tens of
 * thousands of iterations (keyfob's default is 10,000) add margin while keeping the ten hashes
 * made for a new set within a Lambda request's budget. Password guidance such as OWASP's
 * 600,000 iterations assumes low-entropy human secrets and does not apply.
 *
 * <p>Immutable and thread-safe. Store the iteration count with each set so that it can be
 * raised for new sets without breaking old ones.
 */
public final class RecoveryCodeHasher {

  /** Smallest accepted iteration count. */
  public static final int MIN_ITERATIONS = 1000;

  /** Length of a salt from {@link #newSalt}, and the least {@link #hash} accepts, in bytes. */
  public static final int SALT_BYTES = 16;

  /** Length of a hash in bytes (the SHA-256 output size). */
  public static final int HASH_BYTES = 32;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

  private final int iterations;

  /**
   * @param iterations PBKDF2 iteration count, at least {@value #MIN_ITERATIONS}
   * @throws IllegalArgumentException if {@code iterations} is smaller
   */
  public RecoveryCodeHasher(int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS);
    }
    this.iterations = iterations;
    factory(); // fail at construction, not at the first recovery, on a crippled JRE
  }

  /** @return the PBKDF2 iteration count */
  public int iterations() {
    return iterations;
  }

  /**
   * A fresh salt for a new set of codes.
   *
   * @param random a cryptographically strong source
   * @return {@value #SALT_BYTES} random bytes
   */
  public byte[] newSalt(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return salt;
  }

  /**
   * Hashes one code.
   *
   * @param salt the set's salt, at least {@value #SALT_BYTES} bytes
   * @param normalizedCode a code in the canonical form of {@link RecoveryCodes#normalize}
   * @return {@value #HASH_BYTES} bytes
   * @throws IllegalArgumentException if the salt is too short or the code is not normalised
   *     (hashing another spelling would silently never match)
   */
  public byte[] hash(byte[] salt, String normalizedCode) {
    Objects.requireNonNull(salt, "salt");
    if (salt.length < SALT_BYTES) {
      throw new IllegalArgumentException("salt must be at least " + SALT_BYTES + " bytes");
    }
    if (normalizedCode == null
        || !RecoveryCodes.normalize(normalizedCode).map(normalizedCode::equals).orElse(false)) {
      throw new IllegalArgumentException("not a normalised recovery code");
    }
    return pbkdf2(normalizedCode.toCharArray(), salt, iterations, HASH_BYTES);
  }

  /**
   * PBKDF2-HMAC-SHA256 without the checks of {@link #hash}; package-private so that tests can
   * run published vectors with small iteration counts. JCA encodes the password as UTF-8.
   */
  static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return factory().generateSecret(spec).getEncoded();
    } catch (InvalidKeySpecException e) {
      throw new AssertionError("PBKDF2 accepts any password, non-empty salt and count", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static SecretKeyFactory factory() {
    try {
      return SecretKeyFactory.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(
          "the JDK's SunJCE provider supplies " + ALGORITHM + " since Java 8", e);
    }
  }
}
