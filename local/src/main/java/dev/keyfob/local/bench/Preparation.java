package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the {@link FunctionCase} preparers build on: fresh users, enrolled users, admin and
 * support tokens, made through the local API before the timed JVM starts. Each call makes new
 * state, so no sample sees another's.
 */
final class Preparation {

  private final BenchClient client;
  private final Clock clock;
  private final String origin;
  private final AtomicInteger ids = new AtomicInteger();

  /**
   * @param origin the page origin a browser reports in a WebAuthn ceremony, one of the API's
   *     {@code KEYFOB_WEBAUTHN_ORIGINS}
   */
  Preparation(BenchClient client, Clock clock, String origin) {
    this.client = client;
    this.clock = clock;
    this.origin = origin;
  }

  Clock clock() {
    return clock;
  }

  BenchClient client() {
    return client;
  }

  /** A user enrolled just now, with a fresh token. */
  BenchUser enrolled() throws Exception {
    return BenchUser.enroll(client, nextId(), clock);
  }

  /** The token of a user keyfob has never seen. */
  String newUserToken() throws Exception {
    return client.devToken(nextId());
  }

  /**
   * A support agent's MFA token: support staff always present a second factor (contract v1.1),
   * so the agent signs in with a password, enrolls the app and uses the MFA token the
   * enrollment issued. Their identity-provider token alone would get 403.
   */
  String supportToken() throws Exception {
    return BenchUser.enroll(client, nextId(), clock,
        id -> client.devToken(id, "keyfob-support", "member", "support")).mfaToken;
  }

  /**
   * An assertion verify of a fresh user whose one method is a software security key registered
   * just now through the API (registration start, the key's answer, confirm), with an assertion
   * started through the API and the key's signed answer in the event.
   */
  ApiEvent assertionEvent() throws Exception {
    BenchKeyUser user = BenchKeyUser.register(client, nextId(), origin);
    return ApiEvent.of("POST", BenchKeyUser.VERIFY_PATH, user.token,
        json(user.signedAssertion(client, user.token)));
  }

  /** A request of an admin of {@link BenchClient#ORG} to an org route, e.g. {@code /members}. */
  ApiEvent orgEvent(String method, String suffix, String query) throws Exception {
    String token = client.devToken(nextId(), BenchClient.ORG, "admin", null);
    return new ApiEvent(method, method + " /v1/orgs/{orgId}" + suffix,
        "/v1/orgs/" + BenchClient.ORG + suffix, Map.of("orgId", BenchClient.ORG), query, token,
        null);
  }

  /** An enrollment started through the API, confirmed by the event with the right code. */
  ApiEvent confirmEvent() throws Exception {
    String token = newUserToken();
    Map<String, Object> started = client.post("/v1/me/two-factor/enrollment", token, Map.of());
    byte[] secret = Base32.decode((String) started.get("secret"));
    String code = new Totp(clock).codeAt(secret, Totp.stepAt(clock.instant()));
    return ApiEvent.of("POST", "/v1/me/two-factor/enrollment/confirm", token,
        json(Map.of("enrollmentId", started.get("enrollmentId"), "code", code)));
  }

  String json(Map<String, Object> body) {
    try {
      return JSON.std.asString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String nextId() {
    return "bench-" + ids.incrementAndGet();
  }
}
