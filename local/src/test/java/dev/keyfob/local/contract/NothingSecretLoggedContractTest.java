package dev.keyfob.local.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml (the contract), Second factor rules: "Secrets and recovery codes are never logged", over HTTP
 * against {@code scripts/run-local}: after the flows that handle them, the process's whole
 * output (the local API's log and the handlers' JSON request lines) holds no secret, recovery
 * code, TOTP code or token that this test handed out or sent.
 */
@ExtendWith(RunLocal.class)
class NothingSecretLoggedContractTest {

  @Test
  void theRunLocalOutputHoldsNoSecretCodeOrTokenOfTheFlows(Api api) throws Exception {
    Clock clock = Clock.systemUTC();
    String org = Ids.unique("org");
    List<String> sent = new ArrayList<>();
    Flows.Enrolled u = Flows.enrolledUser(api, clock, org, true);
    sent.add(u.app().lastCode());
    String code = u.app().nextCode();
    sent.add(code);
    String mfa = api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", code))
        .string("mfaToken");
    api.post("/v1/me/two-factor/verify", u.idToken(), Map.of("code", code));
    api.post("/v1/me/two-factor/recover", u.idToken(),
        Map.of("recoveryCode", u.recoveryCodes().get(0).toUpperCase()));
    api.post("/v1/me/two-factor/recover", u.idToken(), Map.of("recoveryCode", "not-a-code"));
    Reply fresh = api.post("/v1/me/two-factor/recovery-codes", mfa, "{}");
    assertEquals(200, fresh.status());
    Reply last = api.post("/v1/orgs/" + org + "/two-factor/resets", mfa,
        Map.of("userIds", List.of("someone"), "reason", "r"));
    String lastId = last.header("X-Request-Id").orElseThrow();

    // The output is read by another thread: wait (bounded) for the last request's line.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!RunLocal.output().contains(lastId) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    String output = RunLocal.output();
    assertTrue(output.contains(lastId), "the run-local output shows the requests");
    String lower = output.toLowerCase(Locale.ROOT);
    List<String> needles = new ArrayList<>(api.handedOut());
    needles.add(u.app().base32Secret());
    for (String needle : needles) {
      assertFalse(lower.contains(needle.toLowerCase(Locale.ROOT)),
          "the output holds a secret, code or token");
      assertFalse(lower.contains(needle.replace("-", "").toLowerCase(Locale.ROOT)),
          "the output holds a recovery code");
    }
    for (String c : sent) {
      assertFalse(Pattern.compile("(?<![0-9A-Za-z])" + c + "(?![0-9A-Za-z])").matcher(output)
          .find(), "the output holds a TOTP code");
    }
  }
}
