package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertTimedLock;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml (the contract), Second factor rules, over HTTP against {@code scripts/run-local} in real time
 * (first lock 2 s): single use of a time step (also for two requests at once), the countdown of
 * {@code attemptsRemaining}, 429 LOCKED with {@code lockedUntil} and {@code Retry-After}, a lock
 * that ends and doubles, the recovery-code lock apart from TOTP, voiding an enrollment after five
 * wrong confirm codes, method change without a gap, and {@code fv}: MFA tokens of an earlier
 * factor version are 401.
 */
@ExtendWith(RunLocal.class)
class SecondFactorRulesContractTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static Api api;
  private static String org;

  @BeforeAll
  static void setUp(Api runLocal) {
    api = runLocal;
    org = Ids.unique("org");
  }

  private static Reply verify(String token, String code) {
    return api.post("/v1/me/two-factor/verify", token, Map.of("code", code));
  }

  private static Reply recover(String token, String code) {
    return api.post("/v1/me/two-factor/recover", token, Map.of("recoveryCode", code));
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long millis = Duration.between(Instant.now(), t).toMillis();
    if (millis > 0) {
      Thread.sleep(millis + 100);
    }
  }

  @Test
  void aCodeIsAcceptedOnceAndTheNextStepsCodeStillWorks() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    String confirmCode = u.app().lastCode();
    assertWrongCode(verify(u.idToken(), confirmCode), "INVALID_CODE", 4);
    String code = u.app().nextCode();
    assertEquals(200, verify(u.idToken(), code).status());
    assertWrongCode(verify(u.idToken(), code), "INVALID_CODE", 4);
    assertEquals(200, verify(u.idToken(), u.app().nextCode()).status());
  }

  @Test
  void theSameCodeSentFiveTimesAtOnceSucceedsOnce() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    String code = u.app().nextCode();
    List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inFlight.add(api.sendAsync(api.request("POST", "/v1/me/two-factor/verify")
          .bearer(u.idToken()).json("{\"code\":\"" + code + "\"}")));
    }
    List<Reply> replies = inFlight.stream().map(CompletableFuture::join).toList();
    assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies.toString());
    replies.stream().filter(r -> r.status() != 200)
        .forEach(r -> assertProblem(r, 401, "INVALID_CODE"));
  }

  @Test
  void wrongCodesCountDownToATimedLockThatRefusesEvenTheRightCodeUntilItEnds()
      throws InterruptedException {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    for (int remaining = 4; remaining >= 0; remaining--) {
      assertWrongCode(verify(u.idToken(), "000000"), "INVALID_CODE", remaining);
    }
    // While locked nothing is used, so the right code need not be a fresh one.
    String right = u.app().codeAt(u.app().currentStep() + 1);
    Instant until = assertTimedLock(verify(u.idToken(), right), Instant.now());
    assertTrue(!until.isAfter(Instant.now().plusSeconds(RunLocal.LOCKOUT_SECONDS + 1)),
        "the first lock lasts KEYFOB_LOCKOUT_SECONDS: " + until);
    assertTimedLock(verify(u.idToken(), "000000"), Instant.now());
    // Another token of the same user is locked too.
    String other = api.idToken(DevToken.member(u.userId(), org));
    assertTimedLock(verify(other, right), Instant.now());
    sleepUntil(until);
    assertEquals(200, verify(u.idToken(), u.app().nextCode()).status(), "the lock ended");
    assertWrongCode(verify(u.idToken(), "000000"), "INVALID_CODE", 4);
  }

  @Test
  void theSecondLockOfARunOfFailuresLastsTwiceAsLong() throws InterruptedException {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    for (int i = 0; i < 5; i++) {
      verify(u.idToken(), "000000");
    }
    Reply first = verify(u.idToken(), "000000");
    Instant until = assertTimedLock(first, Instant.now());
    assertEquals(RunLocal.LOCKOUT_SECONDS, Long.parseLong(first.header("Retry-After")
        .orElseThrow()), 1);
    sleepUntil(until);
    for (int remaining = 4; remaining >= 0; remaining--) {
      assertWrongCode(verify(u.idToken(), "000000"), "INVALID_CODE", remaining);
    }
    Reply second = verify(u.idToken(), "000000");
    assertTimedLock(second, Instant.now());
    assertEquals(2 * RunLocal.LOCKOUT_SECONDS,
        Long.parseLong(second.header("Retry-After").orElseThrow()), 1);
  }

  @Test
  void failuresAreCountedAcrossRequestsAndTokensOfTheUser() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    String second = api.idToken(DevToken.member(u.userId(), org).amr("google"));
    assertWrongCode(verify(u.idToken(), "111111"), "INVALID_CODE", 4);
    assertWrongCode(verify(second, "222222"), "INVALID_CODE", 3);
    assertWrongCode(verify(u.mfaToken(), "333333"), "INVALID_CODE", 2);
    assertWrongCode(verify(second, "444444"), "INVALID_CODE", 1);
    assertWrongCode(verify(u.idToken(), "555555"), "INVALID_CODE", 0);
    assertTimedLock(verify(second, u.app().nextCode()), Instant.now());
  }

  @Test
  void tenWrongCodesAtOnceAreCountedUpToTheLockAndTheRestRefused() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      inFlight.add(api.sendAsync(api.request("POST", "/v1/me/two-factor/verify")
          .bearer(u.idToken()).json("{\"code\":\"00000" + i + "\"}")));
    }
    List<Reply> replies = inFlight.stream().map(CompletableFuture::join).toList();
    Set<Integer> remaining = new TreeSet<>();
    int locked = 0;
    for (Reply r : replies) {
      if (r.status() == 401) {
        remaining.add(((Number) assertProblem(r, 401, "INVALID_CODE")
            .get("attemptsRemaining")).intValue());
      } else {
        assertProblem(r, 429, "LOCKED");
        locked++;
      }
    }
    assertEquals(Set.of(0, 1, 2, 3, 4), remaining, "each failure counted once: " + replies);
    assertEquals(5, locked);
  }

  @Test
  void lookAlikeCodesAreWrongCodesWhileSpacedDigitsAreRight() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    String code = u.app().nextCode();
    String fullWidth = code.chars().mapToObj(c -> String.valueOf((char) (c - '0' + 0xFF10)))
        .reduce("", String::concat);
    String arabicIndic = code.chars().mapToObj(c -> String.valueOf((char) (c - '0' + 0x0660)))
        .reduce("", String::concat);
    List<String> lookAlikes = List.of(fullWidth, arabicIndic, code.substring(0, 3) + "\t"
        + code.substring(3), "+" + code);
    int remaining = 4;
    for (String lookAlike : lookAlikes) {
      assertWrongCode(verify(u.idToken(), lookAlike), "INVALID_CODE", remaining--);
    }
    assertEquals(200, verify(u.idToken(), " " + code.substring(0, 3) + " " + code.substring(3)
        + " ").status(), "ASCII spaces are ignored; the step was not used by the look-alikes");
  }

  @Test
  void recoveryCodeFailuresLockRecoveryApartFromTotp() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    for (int remaining = 4; remaining >= 0; remaining--) {
      assertWrongCode(recover(u.idToken(), "2222-3333-4444-5555"), "INVALID_RECOVERY_CODE",
          remaining);
    }
    assertTimedLock(recover(u.idToken(), u.recoveryCodes().get(0)), Instant.now());
    assertEquals(200, verify(u.idToken(), u.app().nextCode()).status(),
        "TOTP is not locked by recovery-code failures");
    assertWrongCode(verify(u.idToken(), "000000"), "INVALID_CODE", 4);
  }

  @Test
  void fiveWrongConfirmCodesVoidThePendingEnrollment() {
    String userId = Ids.unique("user");
    String token = api.idToken(DevToken.member(userId, org));
    Reply started = api.post("/v1/me/two-factor/enrollment", token, "{}");
    Authenticator app = new Authenticator(started.string("secret"), CLOCK);
    Map<String, Object> wrong = Map.of("enrollmentId", started.string("enrollmentId"),
        "code", "000000");
    for (int remaining = 4; remaining >= 0; remaining--) {
      assertWrongCode(api.post("/v1/me/two-factor/enrollment/confirm", token, wrong),
          "INVALID_CODE", remaining);
    }
    assertProblem(api.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", app.nextCode())), 404,
        "ENROLLMENT_NOT_FOUND");
    assertEquals(false, api.get("/v1/me/two-factor", token).json().get("enrolled"));
  }

  @Test
  void methodChangeKeepsTheOldFactorUntilTheNewOneIsConfirmedThenOnlyTheNewOneWorks() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    assertProblem(api.post("/v1/me/two-factor/enrollment", u.idToken(), "{}"), 403,
        "MFA_REQUIRED");
    Reply started = api.post("/v1/me/two-factor/enrollment", u.mfaToken(), "{}");
    assertEquals(201, started.status(), started.toString());
    assertEquals(200, verify(u.idToken(), u.app().nextCode()).status(),
        "the old factor works while the change is pending");
    Authenticator newApp = new Authenticator(started.string("secret"), CLOCK);
    Reply confirmed = api.post("/v1/me/two-factor/enrollment/confirm", u.idToken(),
        Map.of("enrollmentId", started.string("enrollmentId"), "code", newApp.nextCode()));
    assertEquals(200, confirmed.status(), confirmed.toString());
    assertWrongCode(verify(u.idToken(), u.app().nextCode()), "INVALID_CODE", 4);
    assertWrongCode(recover(u.idToken(), u.recoveryCodes().get(0)), "INVALID_RECOVERY_CODE", 4);
    assertProblem(api.get("/v1/me/two-factor", u.mfaToken()), 401, "UNAUTHENTICATED");
    assertEquals(200, verify(u.idToken(), newApp.nextCode()).status());
    @SuppressWarnings("unchecked")
    List<String> newCodes = (List<String>) confirmed.json().get("recoveryCodes");
    assertEquals(200, recover(u.idToken(), newCodes.get(0)).status());
  }

  @Test
  void theLastRecoveryCodeRemovesTheFactorAndItsTokenCarriesTheNewVersion() {
    Flows.Enrolled u = Flows.enrolledUser(api, CLOCK, org, false);
    Reply last = null;
    for (int i = 0; i < 10; i++) {
      last = recover(u.idToken(), u.recoveryCodes().get(i));
      assertEquals(200, last.status(), last.toString());
      assertEquals(9 - i, ((Number) last.json().get("recoveryCodesRemaining")).intValue());
      assertEquals(i == 9, last.json().get("reenrollRequired"));
    }
    String token = last.string("mfaToken");
    Map<String, Object> status = api.get("/v1/me/two-factor", token).json();
    assertEquals(false, status.get("enrolled"));
    assertEquals("NONE", status.get("nextStep"));
    assertProblem(api.get("/v1/me/two-factor", u.mfaToken()), 401, "UNAUTHENTICATED");
    assertEquals(((Number) MfaTokens.verifiedClaims(api, u.mfaToken()).getClaim("fv"))
        .longValue() + 1, ((Number) MfaTokens.verifiedClaims(api, token).getClaim("fv"))
        .longValue());
  }
}
