package dev.keyfob.local.browser;

import dev.keyfob.testkit.OffsetClock;
import dev.keyfob.testkit.TotpSteps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * TOTP codes from an independent generator, {@code oathtool --totp -b}, for the time of the API
 * under test. Which step to use comes from one {@link TotpSteps} per secret, because keyfob
 * accepts each step of a secret only once: {@link #nextCode} always answers a later step, and one
 * that stays valid for at least {@link #MIN_VALIDITY}, moving the API's clock on to the next step
 * when the current window is used up. Not thread-safe; one per test class.
 */
final class Oathtool {

  /** How long a code handed out must stay acceptable: enough to type it in a browser. */
  static final Duration MIN_VALIDITY = Duration.ofSeconds(8);

  private final OffsetClock clock;
  private final Map<String, TotpSteps> steps = new HashMap<>();

  Oathtool(OffsetClock clock) {
    this.clock = clock;
  }

  /** A code keyfob will accept now for {@code secret}, of a step not used before. */
  String nextCode(String secret) {
    return codeAt(secret, steps(secret).next());
  }

  /** Marks the steps up to the current one as used, e.g. after the browser confirmed a code. */
  void markUsedUpToNow(String secret) {
    TotpSteps s = steps(secret);
    s.usedUpTo(s.current());
  }

  /** A six-digit code that is wrong for {@code secret} at any step keyfob would accept now. */
  String wrongCode(String secret) {
    long current = TotpSteps.stepAt(clock.instant());
    Set<String> valid = new HashSet<>();
    for (long s = current - 2; s <= current + 2; s++) {
      valid.add(codeAt(secret, s));
    }
    for (String candidate : new String[] {"000000", "123456", "999999", "314159"}) {
      if (!valid.contains(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("four fixed codes cannot all be valid");
  }

  private TotpSteps steps(String secret) {
    return steps.computeIfAbsent(secret, k -> new TotpSteps(clock, MIN_VALIDITY));
  }

  /** The code of one time step, from oathtool. */
  static String codeAt(String secret, long step) {
    Instant at = Instant.ofEpochSecond(step * TotpSteps.STEP_SECONDS + 1);
    ProcessBuilder pb = new ProcessBuilder("oathtool", "--totp", "-b", "-N",
        "@" + at.getEpochSecond(), secret).redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("\\d{6}")) {
        throw new IllegalStateException("oathtool failed (exit " + p.exitValue() + ")");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("oathtool is not installed (apt-get install oathtool)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
