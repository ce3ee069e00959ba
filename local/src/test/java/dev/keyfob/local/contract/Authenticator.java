package dev.keyfob.local.contract;

import dev.keyfob.emulator.MutableClock;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The user's authenticator app in a test: RFC 6238 codes of one secret, handing out each time
 * step at most once, lowest usable step first (the server accepts the current step and one
 * either side, and never a step at or below the last one it accepted). So three codes are
 * available at once without waiting. When they run out it waits for the next step: with the
 * real clock it sleeps until the step begins; with a {@link MutableClock} it advances it.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {

  /** Near the end of a step a request may arrive in the next one; treat that as now. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final byte[] secret;
  private final String base32;
  private final Clock clock;
  private long lastStep = Long.MIN_VALUE;

  public Authenticator(String base32Secret, Clock clock) {
    this.base32 = base32Secret;
    this.secret = Base32.decode(base32Secret);
    this.clock = clock;
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
    return Totp.stepAt(clock.instant());
  }

  /** The step the last handed-out code belongs to. */
  public synchronized long lastStep() {
    return lastStep;
  }

  /** The code of the last handed-out step, for replays. */
  public synchronized String lastCode() {
    return codeAt(lastStep);
  }

  /** Marks steps up to {@code step} as used, e.g. after the server accepted one elsewhere. */
  public synchronized void usedUpTo(long step) {
    lastStep = Math.max(lastStep, step);
  }

  /** A code of a step the server has not accepted yet and will accept now. */
  public synchronized String nextCode() {
    while (true) {
      Instant now = clock.instant();
      long current = Totp.stepAt(now);
      long effective = clock instanceof MutableClock ? current : Totp.stepAt(now.plus(MARGIN));
      long step = Math.max(lastStep == Long.MIN_VALUE ? Long.MIN_VALUE : lastStep + 1,
          effective - 1);
      if (step <= current + 1) {
        lastStep = step;
        return codeAt(step);
      }
      waitForNextStep(current);
    }
  }

  private void waitForNextStep(long current) {
    Instant next = Instant.ofEpochSecond((current + 1) * Totp.STEP_SECONDS);
    if (clock instanceof MutableClock mutable) {
      mutable.advance(Duration.between(clock.instant(), next).plusSeconds(1));
      return;
    }
    long millis = Duration.between(clock.instant(), next).toMillis() + 50;
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
