package dev.keyfob.totp;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Creates TOTP secrets: 160 random bits, the HMAC-SHA1 output size that RFC 4226 section 4
 * recommends as the shared-secret length.
 *
 * <p>Stateless and thread-safe as far as the given {@link SecureRandom} is (the JDK's are).
 */
public final class TotpSecrets {

  /** Length of a secret in bytes (160 bits). */
  public static final int BYTES = 20;

  private TotpSecrets() {}

  /**
   * @param random a cryptographically strong source, for example {@code new SecureRandom()}
   * @return {@value #BYTES} fresh random bytes
   */
  public static byte[] generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] secret = new byte[BYTES];
    random.nextBytes(secret);
    return secret;
  }
}
