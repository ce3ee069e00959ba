package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertTime;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyfob.http.Json;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remember this device, over HTTP against an in-process local API whose clock the test moves:
 * the org's switch, the happy path with each way to pass the second factor, every refusal of a
 * device token, the limit of ten, and that an MFA token got with a device token is never recent
 * MFA. Tokens and their hashes are checked to stay out of logs and other answers.
 */
class RememberedDevicesContractTest {

  private static final String DEVICE = "/v1/me/two-factor/device";
  private static final String DEVICES = "/v1/me/two-factor/devices";

  private static Sandbox sandbox;
  private static Api api;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** An org that allows remembering for {@code days}, with its enrolled admin. */
  private record Org(String id, Flows.Enrolled admin) {

    /** Sets the org's {@code rememberDeviceDays} as its admin (a fresh sign-in). */
    void remember(int days) {
      String adminMfa = Flows.verify(api, freshIdToken(admin), admin.app());
      Reply r = api.put("/v1/orgs/" + id + "/security/two-factor", adminMfa,
          Map.of("enabled", true, "rememberDeviceDays", days));
      assertEquals(200, r.status(), r.toString());
      assertEquals(days, r.json().get("rememberDeviceDays"));
    }
  }

  private static Org org(int rememberDays) {
    String id = Ids.unique("org");
    Org org = new Org(id, Flows.enrolledUser(api, sandbox.clock, id, true));
    org.remember(rememberDays);
    return org;
  }

  private static String freshIdToken(Flows.Enrolled user) {
    DevToken t = isAdmin(user)
        ? DevToken.admin(user.userId(), user.orgId())
        : DevToken.member(user.userId(), user.orgId());
    return api.idToken(t);
  }

  private static boolean isAdmin(Flows.Enrolled user) {
    return user.userId().startsWith("admin");
  }

  private static Reply verifyRemembering(Flows.Enrolled user, String idToken) {
    return api.post("/v1/me/two-factor/verify", idToken,
        Map.of("code", user.app().nextCode(), "rememberDevice", true));
  }

  private static String rememberedToken(Flows.Enrolled user) {
    Reply r = verifyRemembering(user, freshIdToken(user));
    assertEquals(200, r.status(), r.toString());
    String token = r.string("deviceToken");
    assertTrue(token != null && token.matches("kfd_[A-Za-z0-9_-]{43,}"),
        "kfd_ and at least 256 random bits, base64url");
    return token;
  }

  private static Reply deviceSignIn(String idToken, String deviceToken) {
    return api.post(DEVICE, idToken, Map.of("deviceToken", deviceToken));
  }

  private static void refused(String idToken, String deviceToken) {
    assertProblem(deviceSignIn(idToken, deviceToken), 401, "INVALID_DEVICE_TOKEN");
  }

  private static String hash(String token) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void anOrgThatDoesNotAllowItAnswersNullsAndRemembersNothing() {
    Org org = org(0);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    int before = sandbox.snapshot().size();
    Reply r = verifyRemembering(user, user.idToken());
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.json().containsKey("deviceToken") && r.json().containsKey("deviceTokenExpiresAt"));
    assertNull(r.json().get("deviceToken"));
    assertNull(r.json().get("deviceTokenExpiresAt"));
    assertEquals(before, sandbox.snapshot().size(), "no device item was written");
  }

  @Test
  void notAskingAnswersNullsEvenWhereTheOrgAllowsIt() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    Reply r = api.post("/v1/me/two-factor/verify", user.idToken(),
        Map.of("code", user.app().nextCode()));
    assertEquals(200, r.status());
    assertNull(r.json().get("deviceToken"));
    assertNull(r.json().get("deviceTokenExpiresAt"));
  }

  @Test
  void aRememberedBrowserGetsAnMfaTokenWithoutACodeUntilItsDaysRunOut() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    Reply verified = verifyRemembering(user, user.idToken());
    String device = verified.string("deviceToken");
    assertEquals(sandbox.clock.instant().plus(Duration.ofDays(7)),
        assertTime(verified.json().get("deviceTokenExpiresAt")));

    sandbox.clock.advance(Duration.ofDays(6));
    Reply signedIn = deviceSignIn(freshIdToken(user), device);
    assertEquals(200, signedIn.status(), signedIn.toString());
    assertEquals(List.of("mfaToken", "mfaTokenExpiresAt"), List.copyOf(signedIn.json().keySet()));
    JWTClaimsSet claims = MfaTokens.verifiedClaims(api, signedIn.string("mfaToken"));
    @SuppressWarnings("unchecked")
    List<String> amr = (List<String>) claims.getClaim("amr");
    assertTrue(amr.containsAll(List.of("pwd", "mfa", "remembered_device")), amr.toString());
    assertFalse(amr.contains("otp"), "no code was checked: " + amr);
    assertEquals(user.userId(), claims.getSubject());
    assertEquals(org.id(), claims.getClaim("org_id"));
    Reply status = api.get("/v1/me/two-factor", signedIn.string("mfaToken"));
    assertEquals(200, status.status(), "the MFA token works: " + status);

    sandbox.clock.advance(Duration.ofDays(1));
    refused(freshIdToken(user), device);
  }

  @Test
  void recoveryCodesAndSecurityKeysRememberTooButNotTheLastCode() {
    Org org = org(3);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    Reply recovered = api.post("/v1/me/two-factor/recover", user.idToken(),
        Map.of("recoveryCode", user.recoveryCodes().get(0), "rememberDevice", true));
    assertEquals(200, recovered.status(), recovered.toString());
    assertEquals(200, deviceSignIn(freshIdToken(user), recovered.string("deviceToken"))
        .status());

    String mfa = Flows.verify(api, freshIdToken(user), user.app());
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    SecurityKeys.register(api, mfa, key, "Desk key");
    Reply asserted = SecurityKeys.signIn(api, freshIdToken(user), key,
        Map.of("rememberDevice", true));
    assertEquals(200, asserted.status(), asserted.toString());
    Reply byKey = deviceSignIn(freshIdToken(user), asserted.string("deviceToken"));
    assertEquals(200, byKey.status(), byKey.toString());

    // The last recovery code removes the factor: nothing is left to remember a browser for.
    Flows.Enrolled lastCodes = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    List<String> codes = lastCodes.recoveryCodes();
    for (int i = 0; i < codes.size() - 1; i++) {
      assertEquals(200, api.post("/v1/me/two-factor/recover", lastCodes.idToken(),
          Map.of("recoveryCode", codes.get(i))).status());
    }
    Reply last = api.post("/v1/me/two-factor/recover", lastCodes.idToken(),
        Map.of("recoveryCode", codes.get(codes.size() - 1), "rememberDevice", true));
    assertEquals(200, last.status(), last.toString());
    assertEquals(true, last.json().get("reenrollRequired"));
    assertNull(last.json().get("deviceToken"));
    assertNull(last.json().get("deviceTokenExpiresAt"));
  }

  @Test
  void anotherUsersOrAnotherOrgsSignInCannotUseTheToken() {
    Org org = org(7);
    Flows.Enrolled alice = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    Flows.Enrolled bob = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String device = rememberedToken(alice);
    refused(freshIdToken(bob), device);

    Org other = org(7);
    String aliceElsewhere = api.idToken(DevToken.member(alice.userId(), other.id()));
    refused(aliceElsewhere, device);
    assertEquals(200, deviceSignIn(freshIdToken(alice), device).status(),
        "the refusals did not spend it");
  }

  @Test
  void loweringTheOrgsDaysEndsOlderTokensAndTurningItOffEndsThemForGood() {
    Org org = org(10);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String device = rememberedToken(user);
    sandbox.clock.advance(Duration.ofDays(3));
    org.remember(2);
    refused(freshIdToken(user), device);
    org.remember(10);
    assertEquals(200, deviceSignIn(freshIdToken(user), device).status(),
        "raising the days again brings back a token that is young enough");

    org.remember(0);
    refused(freshIdToken(user), device);
    org.remember(10);
    refused(freshIdToken(user), device);
    String after = rememberedToken(user);
    assertEquals(200, deviceSignIn(freshIdToken(user), after).status(),
        "a token issued after turning it on again works");
  }

  @Test
  void aResetAMethodChangeAndForgettingAllEachEndTheTokens() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);

    String beforeReset = rememberedToken(user);
    String adminMfa = Flows.verify(api, freshIdToken(org.admin()), org.admin().app());
    Reply reset = api.post("/v1/orgs/" + org.id() + "/two-factor/resets", adminMfa,
        Map.of("userIds", List.of(user.userId()), "reason", "lost phone"));
    assertEquals(200, reset.status(), reset.toString());
    assertProblem(deviceSignIn(freshIdToken(user), beforeReset), 409, "NOT_ENROLLED");
    Flows.Enrolled again = Flows.enroll(api, sandbox.clock, user.userId(), org.id(),
        freshIdToken(user));
    refused(freshIdToken(again), beforeReset);

    String beforeChange = rememberedToken(again);
    String mfa = Flows.verify(api, freshIdToken(again), again.app());
    SecurityKeys.register(api, mfa, SoftwareAuthenticator.passkey(), "Phone");
    assertEquals(200, deviceSignIn(freshIdToken(again), beforeChange).status(),
        "adding a method keeps the factor version");
    Reply removed = api.delete("/v1/me/two-factor/totp",
        Flows.verify(api, freshIdToken(again), again.app()));
    assertEquals(200, removed.status(), removed.toString());
    refused(freshIdToken(again), beforeChange);

    Flows.Enrolled other = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String one = rememberedToken(other);
    String two = rememberedToken(other);
    String mfaOfOther = Flows.verify(api, freshIdToken(other), other.app());
    assertEquals(204, api.delete(DEVICES, mfaOfOther).status());
    refused(freshIdToken(other), one);
    refused(freshIdToken(other), two);
  }

  @Test
  void refusedTokensAreNotCountedTowardsALock() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String wrong = "kfd_" + "A".repeat(43);
    for (int i = 0; i < 12; i++) {
      refused(user.idToken(), wrong);
    }
    refused(user.idToken(), "not a device token at all");
    assertWrongCode(api.post("/v1/me/two-factor/verify", user.idToken(),
        Map.of("code", "000000")), "INVALID_CODE", 4);
  }

  @Test
  void theRouteChecksTheCallerFirst() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String device = rememberedToken(user);
    assertProblem(deviceSignIn(null, device), 401, "UNAUTHENTICATED");
    assertProblem(deviceSignIn(user.mfaToken(), device), 403, "FORBIDDEN");
    assertProblem(api.post(DEVICE, user.idToken(), Map.of()), 400, "INVALID_REQUEST");
    assertProblem(api.post(DEVICE, user.idToken(), Map.of("deviceToken", 7)), 400,
        "INVALID_REQUEST");
    String sso = api.idToken(DevToken.member(user.userId(), org.id()).amr("sso"));
    assertProblem(deviceSignIn(sso, device), 409, "SSO_EXEMPT");
    String nobody = api.idToken(DevToken.member(Ids.unique("new"), org.id()));
    assertProblem(deviceSignIn(nobody, device), 409, "NOT_ENROLLED");
    assertProblem(api.delete(DEVICES, user.idToken()), 403, "MFA_REQUIRED");
  }

  @Test
  void anMfaTokenFromARememberedBrowserIsRefusedByEveryStepUpRoute() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String device = rememberedToken(user);
    String mfa = deviceSignIn(freshIdToken(user), device).string("mfaToken");
    String someKey = "AAAAAAAAAAAAAAAAAAAAAA";
    List<Reply> stepUps = List.of(
        api.post("/v1/me/two-factor/enrollment", mfa, "{}"),
        api.post("/v1/me/two-factor/recovery-codes", mfa, "{}"),
        api.delete("/v1/me/two-factor", mfa),
        api.delete("/v1/me/two-factor/totp", mfa),
        api.post("/v1/me/two-factor/webauthn/registrations", mfa, "{}"),
        api.request("PATCH", "/v1/me/two-factor/webauthn/credentials/" + someKey).bearer(mfa)
            .json("{\"name\":\"x\"}").send(),
        api.delete("/v1/me/two-factor/webauthn/credentials/" + someKey, mfa));
    for (Reply r : stepUps) {
      assertProblem(r, 403, "MFA_REQUIRED");
    }
    // It is an MFA token all the same: routes that need 2FA satisfied accept it.
    assertEquals(200, api.get("/v1/me/two-factor/webauthn/credentials", mfa).status());
    assertEquals(204, api.delete(DEVICES, mfa).status(),
        "a user at a remembered browser can make every browser forget them");
  }

  @Test
  void verifyingACodeOnTopOfARememberedBrowserGivesRecentMfaForAStepUp() {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String remembered = deviceSignIn(freshIdToken(user), rememberedToken(user)).string("mfaToken");
    Reply verified = api.post("/v1/me/two-factor/verify", remembered,
        Map.of("code", user.app().nextCode()));
    assertEquals(200, verified.status(), verified.toString());
    String mfa = verified.string("mfaToken");
    assertEquals(List.of("pwd", "mfa", "otp"),
        MfaTokens.verifiedClaims(api, mfa).getClaim("amr"),
        "the code just typed, not the remembered browser, is what the new token records");
    assertEquals(200, api.post("/v1/me/two-factor/recovery-codes", mfa, "{}").status());
  }

  @Test
  void aUserKeepsTheTenNewestAndConcurrentSignInsKeepToTen() throws Exception {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      tokens.add(rememberedToken(user));
      sandbox.clock.advance(Duration.ofSeconds(1));
    }
    refused(freshIdToken(user), tokens.get(0));
    for (String t : tokens.subList(1, 11)) {
      assertEquals(200, deviceSignIn(freshIdToken(user), t).status(), "one of the newest ten");
    }
    assertEquals(10, deviceItems(user.userId()));

    // Two recovery-code sign-ins at once, both remembering: both answered, still ten kept.
    String idToken = freshIdToken(user);
    List<CompletableFuture<Reply>> racing = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      racing.add(api.sendAsync(api.request("POST", "/v1/me/two-factor/recover")
          .bearer(idToken).json(Json.write(Map.of("recoveryCode", user.recoveryCodes().get(i),
              "rememberDevice", true)))));
    }
    List<String> raced = new ArrayList<>();
    for (CompletableFuture<Reply> f : racing) {
      Reply r = f.get();
      assertEquals(200, r.status(), r.toString());
      raced.add(r.string("deviceToken"));
    }
    assertNotEquals(raced.get(0), raced.get(1));
    for (String t : raced) {
      assertEquals(200, deviceSignIn(freshIdToken(user), t).status(), "each racer's token works");
    }
    assertEquals(10, deviceItems(user.userId()));
  }

  @Test
  void neitherTheTokenNorItsHashReachesALogOrAnotherAnswer() throws Exception {
    Org org = org(7);
    Flows.Enrolled user = Flows.enrolledUser(api, sandbox.clock, org.id(), false);
    String device = rememberedToken(user);
    String mfa = deviceSignIn(freshIdToken(user), device).string("mfaToken");
    refused(freshIdToken(user), device + "x");
    String adminMfa = Flows.verify(api, freshIdToken(org.admin()), org.admin().app());
    List<Reply> others = List.of(
        api.get("/v1/me/two-factor", mfa),
        api.get("/v1/orgs/" + org.id() + "/audit-events", adminMfa),
        api.get("/v1/orgs/" + org.id() + "/members", adminMfa),
        api.get("/v1/orgs/" + org.id() + "/security", adminMfa));
    assertEquals(204, api.delete(DEVICES, mfa).status());
    String hash = hash(device);
    String logs = sandbox.logs.text();
    assertFalse(logs.contains(device), "a log line holds the device token");
    assertFalse(logs.contains(hash), "a log line holds the device token's hash");
    for (Reply r : others) {
      assertEquals(200, r.status(), r.toString());
      assertFalse(r.body().contains(device) || r.body().contains(hash), r.toString());
    }
    String table = sandbox.snapshot().items().toString();
    assertFalse(table.contains(device), "the token itself is stored nowhere");
  }

  private static long deviceItems(String userId) {
    return sandbox.snapshot().items().values().stream()
        .filter(item -> item.get("pk").s().equals("USER#" + userId)
            && item.get("sk").s().startsWith("DEVICE#"))
        .count();
  }
}
