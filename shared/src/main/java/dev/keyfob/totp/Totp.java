package dev.keyfob.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Time-based one-time passwords, RFC 6238, with keyfob's fixed parameters: HMAC-SHA1, 6 digits,
 * time steps of {@value #STEP_SECONDS} seconds counted from the Unix epoch (T0 = 0), and a
 * verification window of one step either side of the current one.
 *
 * <p>A time step is {@code floor(epochSeconds / 30)}; it is negative before 1970. Verification
 * does not remember anything itself: the caller passes the last step accepted for the secret
 * and must record the step returned by {@link #acceptableStep} atomically (a conditional write)
 * so a code is never accepted twice.
 *
 * <p>Immutable and thread-safe. Time comes only from the injected {@link Clock}.
 */
public final class Totp {

  /** Length of a time step in seconds (RFC 6238 X). */
  public static final int STEP_SECONDS = 30;

  /** Code length in decimal digits. */
  public static final int DIGITS = 6;

  /** HMAC algorithm, as named by JCA. */
  public static final String ALGORITHM = "HmacSHA1";

  /** Steps accepted on either side of the current step. */
  public static final int WINDOW_STEPS = 1;

  private static final Hotp HOTP = new Hotp(ALGORITHM, DIGITS);

  private final Clock clock;

  /**
   * @param clock source of the current time
   */
  public Totp(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return the time step the clock is in now */
  public long currentStep() {
    return stepAt(clock.instant());
  }

  /**
   * The time step containing an instant: {@code floor(epochSeconds / 30)}.
   *
   * @param t any instant; fractions of a second do not matter
   * @return the step, negative before 1970
   */
  public static long stepAt(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
  }

  /**
   * The six-digit code of a secret for a time step.
   *
   * @param secret the shared secret, at least one byte (keyfob's are 20 bytes)
   * @param step a time step
   * @return six ASCII digits
   */
  public String codeAt(byte[] secret, long step) {
    return HOTP.generate(secret, step);
  }

  /**
   * Checks a code against the previous, current and next time step.
   *
   * <p>All three candidates are computed and compared in constant time whatever the outcome,
   * so the response time does not tell an attacker which step, if any, matched.
   *
   * @param secret the shared secret
   * @param sixDigitCode the code the user typed, already passed through {@link OtpCode#parse};
   *     any other string simply matches nothing
   * @param lastAcceptedStep the last step accepted for this secret, or {@link Long#MIN_VALUE}
   *     if none; this step and all earlier ones are never accepted again
   * @return the highest step in the window after {@code lastAcceptedStep} whose code equals
   *     {@code sixDigitCode}, or empty if there is none
   */
  public OptionalLong acceptableStep(byte[] secret, String sixDigitCode, long lastAcceptedStep) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(sixDigitCode, "sixDigitCode");
    byte[] given = sixDigitCode.getBytes(StandardCharsets.US_ASCII);
    long current = currentStep();
    long found = Long.MIN_VALUE;
    boolean any = false;
    for (long step = current - WINDOW_STEPS; step <= current + WINDOW_STEPS; step++) {
      byte[] expected = codeAt(secret, step).getBytes(StandardCharsets.US_ASCII);
      // Constant-time comparison: String.equals returns at the first differing character and
      // would let response times reveal how many leading digits of a guess are right.
      boolean matches = MessageDigest.isEqual(expected, given) & step > lastAcceptedStep;
      // Steps ascend, so the last match is the highest; no break, every candidate is computed.
      found = matches ? step : found;
      any |= matches;
    }
    return any ? OptionalLong.of(found) : OptionalLong.empty();
  }

  /**
   * The RFC 6238 code for a time step with any of the RFC's algorithms and lengths, for example
   * to check the RFC 6238 Appendix B vectors (T0 = 0, X = 30, 8 digits).
   *
   * @param key the shared secret, at least one byte
   * @param step the time step, {@code floor((unixTime - T0) / X)}
   * @param hmacAlgorithm {@code "HmacSHA1"}, {@code "HmacSHA256"} or {@code "HmacSHA512"}
   * @param digits code length, 6 to 8
   * @return {@code digits} ASCII decimal digits
   * @throws IllegalArgumentException on an unsupported algorithm or length, or an empty key
   */
  public static String generate(byte[] key, long step, String hmacAlgorithm, int digits) {
    return new Hotp(hmacAlgorithm, digits).generate(key, step);
  }
}
