package dev.keyfob.local.bench;

import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user enrolled through the API, who can produce a code no earlier request used and still has
 * unused recovery codes. Not thread-safe.
 */
final class BenchUser {

  /** Mints the identity-provider token a user is enrolled with. */
  @FunctionalInterface
  interface SignIn {
    String token(String userId) throws Exception;
  }

  final String userId;
  /** The identity-provider token the user enrolled with. */
  final String token;
  /** The MFA token the enrollment's confirm issued. */
  final String mfaToken;
  private final byte[] secret;
  private final List<String> recoveryCodes;
  private long lastStep;

  private BenchUser(String userId, String token, String mfaToken, byte[] secret, long lastStep,
      List<String> recoveryCodes) {
    this.userId = userId;
    this.token = token;
    this.mfaToken = mfaToken;
    this.secret = secret;
    this.lastStep = lastStep;
    this.recoveryCodes = new ArrayList<>(recoveryCodes);
  }

  static BenchUser enroll(BenchClient client, String userId) throws Exception {
    return enroll(client, userId, Clock.systemUTC());
  }

  /**
   * Enrols {@code userId}, or on a 503 a fresh user named after it (the first attempt may have
   * half happened), up to three tries.
   */
  static BenchUser enroll(BenchClient client, String userId, Clock clock) throws Exception {
    return enroll(client, userId, clock, client::devToken);
  }

  /** Like {@link #enroll(BenchClient, String, Clock)}, signed in by {@code signIn}. */
  static BenchUser enroll(BenchClient client, String userId, Clock clock, SignIn signIn)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return enrollOnce(client, attempt == 1 ? userId : userId + "-try" + attempt, clock,
            signIn);
      } catch (BenchClient.Unavailable e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static BenchUser enrollOnce(BenchClient client, String userId, Clock clock,
      SignIn signIn) throws Exception {
    String token = signIn.token(userId);
    Map<String, Object> started = client.post("/v1/me/two-factor/enrollment", token, Map.of());
    byte[] secret = Base32.decode((String) started.get("secret"));
    long step = Totp.stepAt(clock.instant());
    Map<String, Object> confirmed = client.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.get("enrollmentId"),
            "code", new Totp(clock).codeAt(secret, step)));
    return new BenchUser(userId, token, (String) confirmed.get("mfaToken"), secret, step,
        (List<String>) confirmed.get("recoveryCodes"));
  }

  /** The code of the current step, or of the next one if the current was used. */
  String nextCode(Clock clock) {
    long step = Math.max(Totp.stepAt(clock.instant()), lastStep + 1);
    lastStep = step;
    return new Totp(clock).codeAt(secret, step);
  }

  /** A recovery code no request used yet. */
  String nextRecoveryCode() {
    return recoveryCodes.remove(0);
  }
}
