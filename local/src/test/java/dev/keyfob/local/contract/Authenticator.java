package dev.keyfob.local.contract;

import dev.keyfob.testkit.TotpSteps;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.time.Clock;
import java.time.Duration;

/**
 * The user's authenticator app in a test: keyfob's own RFC 6238 codes of one secret, each time
 * step handed out at most once, lowest usable step first ({@link TotpSteps}), so three codes are
 * available at once without waiting and later ones wait for the clock.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {

  /** Near the end of a step a request may arrive in the next one; a code must outlast that. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final byte[] secret;
  private final String base32;
  private final TotpSteps steps;

  public Authenticator(String base32Secret, Clock clock) {
    this.base32 = base32Secret;
    this.secret = Base32.decode(base32Secret);
    this.steps = new TotpSteps(clock, MARGIN);
  }

  public String base32Secret() {
    return base32;
  }

  public byte[] secret() {
    return secret.clone();
  }

  /** The code of any step, e.g. to replay one. */
  public String codeAt(long step) {
    return Totp.generate(secret, step, Totp.ALGORITHM, Totp.DIGITS);
  }

  public long currentStep() {
    return steps.current();
  }

  /** The step the last handed-out code belongs to. */
  public long lastStep() {
    return steps.last();
  }

  /** The code of the last handed-out step, for replays. */
  public String lastCode() {
    return codeAt(steps.last());
  }

  /** Marks steps up to {@code step} as used, e.g. after the server accepted one elsewhere. */
  public void usedUpTo(long step) {
    steps.usedUpTo(step);
  }

  /** A code of a step the server has not accepted yet and will accept now. */
  public String nextCode() {
    return codeAt(steps.next());
  }
}
