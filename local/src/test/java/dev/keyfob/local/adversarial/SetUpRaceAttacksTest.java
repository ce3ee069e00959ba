package dev.keyfob.local.adversarial;

import static dev.keyfob.local.adversarial.Attacks.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.Authenticator;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: pending set-ups that outlive the change they raced. A pending enrollment is
 * bound to the user's factor version when it starts, so once the version changes (a confirm, a
 * removal, a reset) it can never be confirmed; and every reset removes pending set-ups, whether
 * or not the user had a factor.
 */
class SetUpRaceAttacksTest {

  /** Rounds of the race; each sends the user's confirm and several attacker starts at once. */
  private static final int ROUNDS = 4;
  private static final int ATTACKER_STARTS = 3;
  /**
   * How long the race's calls are held back. The attackers' starts read the user's state at
   * once; the user's confirm writes after {@link #WRITE_HOLD}; each start seals its secret after
   * {@link #SEAL_HOLD}, so its pending enrollment lands after the confirm: the race happens every
   * round instead of when the machine's timing allows. Both stay well inside the SDK's attempt
   * timeout ({@code AwsClients.ATTEMPT_TIMEOUT}, 1.5 s), which a held call counts against.
   */
  private static final Duration WRITE_HOLD = Duration.ofMillis(300);
  private static final Duration SEAL_HOLD = Duration.ofMillis(900);

  private static Sandbox sandbox;
  private static Api api;
  private static String org;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
    org = Ids.unique("org");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static CompletableFuture<Reply> startAsync(String token) {
    return api.sendAsync(api.request("POST", "/v1/me/two-factor/enrollment").bearer(token)
        .json("{}"));
  }

  private static Reply confirm(String token, Reply started, String code) {
    return api.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", code));
  }

  /**
   * The attacker holds only the user's identity-provider token (a phished password). The user
   * confirms their own first enrollment while the attacker starts enrollments at the same
   * moment. A start whose read came before the confirm needed no recent MFA; if its pending
   * enrollment outlived the confirm, confirming it would replace the user's new app without
   * recent MFA. Every such confirm must be refused.
   */
  @Test
  void aStartRacingTheUsersOwnConfirmCanNeverBecomeAMethodChangeWithoutRecentMfa() {
    int raced = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String userId = Ids.unique("user");
      String token = api.idToken(DevToken.member(userId, org));
      Reply own = api.post("/v1/me/two-factor/enrollment", token, "{}");
      assertEquals(201, own.status(), own.toString());
      String ownCode = new Authenticator(own.string("secret"), sandbox.clock).nextCode();

      sandbox.faults.delay("DynamoDb:TransactWriteItems", WRITE_HOLD);
      sandbox.faults.delay("Kms:GenerateDataKey", SEAL_HOLD);
      List<CompletableFuture<Reply>> attackers = new ArrayList<>();
      CompletableFuture<Reply> confirm = api.sendAsync(api.request("POST",
          "/v1/me/two-factor/enrollment/confirm").bearer(token).json(
              "{\"enrollmentId\":\"" + own.string("enrollmentId") + "\",\"code\":\"" + ownCode
                  + "\"}"));
      for (int i = 0; i < ATTACKER_STARTS; i++) {
        attackers.add(startAsync(token));
      }
      boolean userConfirmed = confirm.join().status() == 200;
      CompletableFuture.allOf(attackers.toArray(CompletableFuture[]::new)).join();
      sandbox.faults.heal();
      for (CompletableFuture<Reply> attacker : attackers) {
        Reply started = attacker.join();
        if (started.status() != 201) {
          assertEquals(403, started.status(), started.toString());
          assertEquals("MFA_REQUIRED", started.code());
          continue;
        }
        Authenticator attackersApp = new Authenticator(started.string("secret"), sandbox.clock);
        Reply taken = confirm(token, started, attackersApp.nextCode());
        if (userConfirmed) {
          raced++;
          assertEquals(404, taken.status(), "round " + round + ": a start that raced the"
              + " user's confirm replaced their new app without recent MFA: " + taken);
          assertEquals("ENROLLMENT_NOT_FOUND", taken.code());
        }
      }
    }
    assertTrue(raced > 0, "no attacker start outlived the user's confirm in " + ROUNDS
        + " rounds: the race was never run");
  }

  @Test
  void aResetOfAUserWithoutAFactorVoidsThePendingEnrollmentAnAttackerStarted() {
    String org = Ids.unique("org");
    String adminToken = Flows.enrolledUser(api, sandbox.clock, org, true).mfaToken();
    String userId = Ids.unique("user");
    String phished = api.idToken(DevToken.member(userId, org));
    Reply started = api.post("/v1/me/two-factor/enrollment", phished, "{}");
    assertEquals(201, started.status(), started.toString());

    Reply reset = api.post("/v1/orgs/" + org + "/two-factor/resets", adminToken,
        Map.of("userIds", List.of(userId), "reason", "suspicious set-up"));
    assertEquals(List.of(Map.of("userId", userId, "status", "NOT_ENROLLED")),
        reset.json().get("results"));
    // The admin's own set-up may share the reset's millisecond, so the order of the two events
    // is not the point: the reset of this user is.
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events = (List<Map<String, Object>>) api.get("/v1/orgs/" + org
        + "/audit-events", adminToken).json().get("events");
    assertTrue(events.stream().anyMatch(e -> "ADMIN_RESET".equals(e.get("type"))
        && userId.equals(e.get("targetUserId"))),
        "a reset of a user with no factor is audited: " + events);

    String code = new Authenticator(started.string("secret"), sandbox.clock).nextCode();
    refused(sandbox, 404, "ENROLLMENT_NOT_FOUND", () -> confirm(phished, started, code));
  }

  @Test
  void aMethodChangeStartedBeforeTheLastRecoveryCodeWasUsedCannotBeConfirmedAfter() {
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org, false);
    Reply started = api.post("/v1/me/two-factor/enrollment", user.mfaToken(), "{}");
    assertEquals(201, started.status(), started.toString());
    // Using the last recovery code removes the factor and changes the factor version, but
    // deletes nothing else: the pending method change is void through its version.
    Reply last = null;
    for (String code : user.recoveryCodes()) {
      last = api.post("/v1/me/two-factor/recover", user.idToken(), Map.of("recoveryCode", code));
      assertEquals(200, last.status(), last.toString());
    }
    assertEquals(true, last.json().get("reenrollRequired"));
    String code = new Authenticator(started.string("secret"), sandbox.clock).nextCode();
    refused(sandbox, 404, "ENROLLMENT_NOT_FOUND", () -> confirm(user.idToken(), started, code));
  }
}
