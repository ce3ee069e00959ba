package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static dev.keyfob.local.contract.ContractAssertions.assertWrongCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyfob.testkit.webauthn.AuthenticatorFlag;
import dev.keyfob.testkit.webauthn.CredentialJson;
import dev.keyfob.testkit.webauthn.GetAssertion;
import dev.keyfob.testkit.webauthn.MakeCredential;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Security keys and passkeys over HTTP against an in-process local API with the real WebAuthn
 * library, driven by a software authenticator: registration and sign-in, each check of either
 * failing on its own with the contract's answer (and using the ceremony up), bad encodings, other
 * users' credentials, replays, counters that go back, expiry, and the races a single-use
 * ceremony must win.
 */
class SecurityKeysContractTest {

  private static final String CONFIRM = "/v1/me/two-factor/webauthn/registrations/confirm";

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

  private static String member(String userId, String org) {
    return api.idToken(DevToken.member(userId, org));
  }

  /** A user whose only method is {@code key}, with their identity-provider token. */
  private record KeyUser(String userId, String org, String idToken, SoftwareAuthenticator key) {}

  private static KeyUser keyUser(SoftwareAuthenticator key) {
    String org = Ids.unique("org");
    String userId = Ids.unique("user");
    String token = member(userId, org);
    SecurityKeys.register(api, token, key, "Key");
    return new KeyUser(userId, org, token, key);
  }

  @SuppressWarnings("unchecked")
  private static List<String> amr(Reply r) {
    JWTClaimsSet claims = MfaTokens.verifiedClaims(api, r.string("mfaToken"));
    return (List<String>) claims.getClaim("amr");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFirstKeyIsAFactorWithCodesAndSignsInAsHwk() {
    String org = Ids.unique("org");
    String userId = Ids.unique("user");
    String token = member(userId, org);
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    Reply registered = SecurityKeys.register(api, token, key, "Desk key");
    assertEquals(10, ((List<Object>) registered.json().get("recoveryCodes")).size());
    Map<String, Object> credential = (Map<String, Object>) registered.json().get("credential");
    assertEquals("Desk key", credential.get("name"));
    assertEquals(SecurityKeys.base64url(key.credentialId()), credential.get("credentialId"));
    assertEquals(List.of("pwd", "mfa", "hwk"), amr(registered));
    Reply status = api.get("/v1/me/two-factor", token);
    assertEquals(Map.of("totp", false, "webauthn", 1), status.json().get("methods"));
    assertEquals("VERIFY", status.json().get("nextStep"));

    Reply signedIn = SecurityKeys.signIn(api, token, key, Map.of());
    assertEquals(200, signedIn.status(), signedIn.toString());
    assertEquals(List.of("pwd", "mfa", "hwk"), amr(signedIn));
    assertProblem(api.post("/v1/me/two-factor/verify", token, Map.of("code", "123456")), 409,
        "METHOD_NOT_ENROLLED");
  }

  @Test
  void aSyncedPasskeySignsInAsSwk() {
    KeyUser u = keyUser(SoftwareAuthenticator.passkey());
    Reply signedIn = SecurityKeys.signIn(api, u.idToken(), u.key(), Map.of());
    assertEquals(200, signedIn.status(), signedIn.toString());
    assertEquals(List.of("pwd", "mfa", "swk"), amr(signedIn));
  }

  static Stream<Arguments> brokenRegistrations() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("the type of an assertion",
        (UnaryOperator<MakeCredential>) m -> m.type("webauthn.get")));
    cases.add(Arguments.of("another challenge",
        (UnaryOperator<MakeCredential>) m -> m.challenge(new byte[32])));
    cases.add(Arguments.of("another origin",
        (UnaryOperator<MakeCredential>) m -> m.origin("http://localhost.evil.example")));
    cases.add(Arguments.of("the RP ID hash of another site",
        (UnaryOperator<MakeCredential>) m -> m.rpId("evil.example")));
    cases.add(Arguments.of("no user presence",
        (UnaryOperator<MakeCredential>) m -> m.clear(AuthenticatorFlag.UP)));
    cases.add(Arguments.of("an algorithm keyfob did not offer (ES384)",
        (UnaryOperator<MakeCredential>) m -> m.coseAlgorithm(-35)));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRegistrations")
  void aRegistrationThatFailsACheckIsRefusedAndUsedUp(String what,
      UnaryOperator<MakeCredential> tamper) {
    String token = member(Ids.unique("user"), Ids.unique("org"));
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    SecurityKeys.Started s = SecurityKeys.startRegistration(api, token);
    Reply refused = SecurityKeys.confirm(api, token, s,
        SecurityKeys.made(api, s, key, tamper).asMap());
    assertProblem(refused, 400, "INVALID_CREDENTIAL");
    assertProblem(SecurityKeys.confirm(api, token, s,
        SecurityKeys.made(api, s, key, UnaryOperator.identity()).asMap()), 404,
        "REGISTRATION_NOT_FOUND");
    assertEquals(Map.of("totp", false, "webauthn", 0),
        api.get("/v1/me/two-factor", token).json().get("methods"), what);
  }

  static Stream<Arguments> badEncodings() {
    return Stream.of(
        Arguments.of("clientDataJSON that is not base64url", "response.clientDataJSON", "***"),
        Arguments.of("an attestation object that is not CBOR", "response.attestationObject",
            SecurityKeys.base64url("not cbor at all".getBytes(StandardCharsets.UTF_8))),
        Arguments.of("clientDataJSON that is not JSON", "response.clientDataJSON",
            SecurityKeys.base64url("{not json".getBytes(StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEncodings")
  void badEncodingsInsideTheCredentialAreInvalidCredentialsNotServerErrors(String what,
      String path, String value) {
    String token = member(Ids.unique("user"), Ids.unique("org"));
    SecurityKeys.Started s = SecurityKeys.startRegistration(api, token);
    CredentialJson broken = SecurityKeys.made(api, s, SoftwareAuthenticator.securityKey(),
        UnaryOperator.identity()).with(path, value);
    assertProblem(SecurityKeys.confirm(api, token, s, broken.asMap()), 400, "INVALID_CREDENTIAL");
  }

  @Test
  void aCredentialOfTheWrongShapeIsABadRequestThatUsesNothingUp() {
    String token = member(Ids.unique("user"), Ids.unique("org"));
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    SecurityKeys.Started s = SecurityKeys.startRegistration(api, token);
    assertProblem(SecurityKeys.confirm(api, token, s, "not an object"), 400, "INVALID_REQUEST");
    assertProblem(SecurityKeys.confirm(api, token, s, Map.of("id", "x", "type", "public-key")),
        400, "INVALID_REQUEST");
    Reply good = SecurityKeys.confirm(api, token, s,
        SecurityKeys.made(api, s, key, UnaryOperator.identity()).asMap());
    assertEquals(200, good.status(), "the registration was not used up: " + good);
  }

  @Test
  void aKeyRegisteredToAnyoneCannotBeRegisteredAgain() {
    KeyUser alice = keyUser(SoftwareAuthenticator.securityKey());
    String bob = member(Ids.unique("bob"), alice.org());
    SecurityKeys.Started s = SecurityKeys.startRegistration(api, bob);
    assertProblem(SecurityKeys.confirm(api, bob, s,
        SecurityKeys.made(api, s, alice.key(), UnaryOperator.identity()).asMap()), 409,
        "CREDENTIAL_EXISTS");
  }

  @Test
  void anExpiredRegistrationOrAssertionIsNotFound() {
    String token = member(Ids.unique("user"), Ids.unique("org"));
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    SecurityKeys.Started s = SecurityKeys.startRegistration(api, token);
    sandbox.clock.advance(Duration.ofSeconds(301));
    assertProblem(SecurityKeys.confirm(api, token, s,
        SecurityKeys.made(api, s, key, UnaryOperator.identity()).asMap()), 404,
        "REGISTRATION_NOT_FOUND");

    KeyUser u = keyUser(SoftwareAuthenticator.securityKey());
    SecurityKeys.Started a = SecurityKeys.startAssertion(api, u.idToken());
    sandbox.clock.advance(Duration.ofSeconds(301));
    assertProblem(SecurityKeys.verify(api, u.idToken(), a,
        SecurityKeys.signed(api, a, u.key(), UnaryOperator.identity()).asMap(), Map.of()), 404,
        "ASSERTION_NOT_FOUND");
  }

  @Test
  void aStaleMfaTokenIsRefusedAsATokenBeforeItsBadBodyIsLookedAt() {
    KeyUser u = keyUser(SoftwareAuthenticator.securityKey());
    String stale = SecurityKeys.signIn(api, u.idToken(), u.key(), Map.of()).string("mfaToken");
    // A second key keeps fv; removing it changes fv, so the token above is stale.
    SoftwareAuthenticator second = SoftwareAuthenticator.securityKey();
    String withSpare = SecurityKeys.register(api, stale, second, "Spare").string("mfaToken");
    Reply removed = api.delete("/v1/me/two-factor/webauthn/credentials/"
        + SecurityKeys.base64url(second.credentialId()), withSpare);
    assertEquals(200, removed.status(), removed.toString());
    String current = removed.string("mfaToken");
    String notJson = "{not json";
    assertProblem(api.post(CONFIRM, stale, notJson), 401, "UNAUTHENTICATED");
    assertProblem(api.post("/v1/me/two-factor/webauthn/assertions/verify", stale, notJson), 401,
        "UNAUTHENTICATED");
    assertProblem(api.request("PATCH", "/v1/me/two-factor/webauthn/credentials/not=base64")
        .bearer(stale).json("{\"name\":\"x\"}").send(), 401, "UNAUTHENTICATED");
    assertProblem(api.delete("/v1/me/two-factor/webauthn/credentials/not=base64", stale), 401,
        "UNAUTHENTICATED");
    assertProblem(api.post("/v1/me/two-factor/device", stale, notJson), 401, "UNAUTHENTICATED");
    // The current token with the same bad bodies: the body's 400 as before.
    assertProblem(api.post(CONFIRM, current, notJson), 400, "INVALID_REQUEST");
    assertProblem(api.delete("/v1/me/two-factor/webauthn/credentials/not=base64", current), 400,
        "INVALID_REQUEST");
  }

  @Test
  void aLockedUserAskingAboutAnUnknownAssertionHearsNotFoundBeforeLocked() {
    KeyUser u = keyUser(SoftwareAuthenticator.securityKey());
    for (int i = 0; i < 5; i++) {
      SecurityKeys.Started a = SecurityKeys.startAssertion(api, u.idToken());
      SecurityKeys.verify(api, u.idToken(), a, SecurityKeys.signed(api, a, u.key(),
          GetAssertion::corruptSignature).asMap(), Map.of());
    }
    assertProblem(api.post("/v1/me/two-factor/webauthn/assertions", u.idToken(), "{}"), 429,
        "LOCKED");
    Reply unknown = api.post("/v1/me/two-factor/webauthn/assertions/verify", u.idToken(),
        Map.of("assertionId", "no-such-assertion", "credential", Map.of("id",
            SecurityKeys.base64url(u.key().credentialId()), "type", "public-key", "response",
            Map.of())));
    assertProblem(unknown, 404, "ASSERTION_NOT_FOUND");
  }

  static Stream<Arguments> brokenAssertions() {
    SoftwareAuthenticator stranger = SoftwareAuthenticator.securityKey();
    return Stream.of(
        Arguments.of("the type of a registration",
            (UnaryOperator<GetAssertion>) g -> g.type("webauthn.create")),
        Arguments.of("another challenge",
            (UnaryOperator<GetAssertion>) g -> g.challenge(new byte[32])),
        Arguments.of("another origin",
            (UnaryOperator<GetAssertion>) g -> g.origin("https://keyfob.evil.example")),
        Arguments.of("the RP ID hash of another site",
            (UnaryOperator<GetAssertion>) g -> g.rpId("evil.example")),
        Arguments.of("no user presence",
            (UnaryOperator<GetAssertion>) g -> g.clear(AuthenticatorFlag.UP)),
        Arguments.of("a corrupted signature",
            (UnaryOperator<GetAssertion>) GetAssertion::corruptSignature),
        Arguments.of("the signature of another key",
            (UnaryOperator<GetAssertion>) g -> g.signWith(stranger)),
        Arguments.of("a counter that went back",
            (UnaryOperator<GetAssertion>) g -> g.signCount(0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenAssertions")
  void anAssertionThatFailsACheckIsACountedFailureAndUsedUp(String what,
      UnaryOperator<GetAssertion> tamper) {
    KeyUser u = keyUser(SoftwareAuthenticator.securityKey());
    // One good sign-in first, so the stored counter is above zero.
    assertEquals(200, SecurityKeys.signIn(api, u.idToken(), u.key(), Map.of()).status());
    SecurityKeys.Started a = SecurityKeys.startAssertion(api, u.idToken());
    assertWrongCode(SecurityKeys.verify(api, u.idToken(), a,
        SecurityKeys.signed(api, a, u.key(), tamper).asMap(), Map.of()), "INVALID_ASSERTION", 4);
    assertProblem(SecurityKeys.verify(api, u.idToken(), a,
        SecurityKeys.signed(api, a, u.key(), UnaryOperator.identity()).asMap(), Map.of()), 404,
        "ASSERTION_NOT_FOUND");
    assertEquals(200, SecurityKeys.signIn(api, u.idToken(), u.key(), Map.of()).status(),
        what + ": the key itself still works");
  }

  @Test
  void aCounterThatGoesBackIsAuditedForTheAdmin() {
    String org = Ids.unique("org");
    Flows.Enrolled admin = Flows.enrolledUser(api, sandbox.clock, org, true);
    String userId = Ids.unique("user");
    String token = member(userId, org);
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    SecurityKeys.register(api, token, key, "Key");
    assertEquals(200, SecurityKeys.signIn(api, token, key, Map.of()).status());
    SecurityKeys.Started a = SecurityKeys.startAssertion(api, token);
    assertWrongCode(SecurityKeys.verify(api, token, a,
        SecurityKeys.signed(api, a, key, g -> g.signCount(1)).asMap(), Map.of()),
        "INVALID_ASSERTION", 4);
    Reply events = api.get("/v1/orgs/" + org + "/audit-events", admin.mfaToken());
    assertTrue(events.body().contains("WEBAUTHN_COUNTER_ERROR"), events.body());
  }

  @Test
  void anotherUsersGenuineKeyAndAnswerAreRefused() {
    KeyUser alice = keyUser(SoftwareAuthenticator.securityKey());
    KeyUser bob = keyUser(SoftwareAuthenticator.securityKey());
    SecurityKeys.Started a = SecurityKeys.startAssertion(api, alice.idToken());
    assertWrongCode(SecurityKeys.verify(api, alice.idToken(), a,
        SecurityKeys.signed(api, a, bob.key(), UnaryOperator.identity()).asMap(), Map.of()),
        "INVALID_ASSERTION", 4);

    // Bob's answer to his own assertion, replayed at Alice's: another challenge, another key.
    SecurityKeys.Started forBob = SecurityKeys.startAssertion(api, bob.idToken());
    CredentialJson bobsAnswer = SecurityKeys.signed(api, forBob, bob.key(),
        UnaryOperator.identity());
    SecurityKeys.Started forAlice = SecurityKeys.startAssertion(api, alice.idToken());
    assertWrongCode(SecurityKeys.verify(api, alice.idToken(), forAlice, bobsAnswer.asMap(),
        Map.of()), "INVALID_ASSERTION", 3);
  }

  @Test
  void aReplayedAnswerNeverSignsInAgain() {
    KeyUser u = keyUser(SoftwareAuthenticator.securityKey());
    SecurityKeys.Started a = SecurityKeys.startAssertion(api, u.idToken());
    CredentialJson answer = SecurityKeys.signed(api, a, u.key(), UnaryOperator.identity());
    assertEquals(200, SecurityKeys.verify(api, u.idToken(), a, answer.asMap(), Map.of())
        .status());
    assertProblem(SecurityKeys.verify(api, u.idToken(), a, answer.asMap(), Map.of()), 404,
        "ASSERTION_NOT_FOUND");
    SecurityKeys.Started next = SecurityKeys.startAssertion(api, u.idToken());
    assertWrongCode(SecurityKeys.verify(api, u.idToken(), next, answer.asMap(), Map.of()),
        "INVALID_ASSERTION", 4);
  }

  @Test
  void ofTwoVerifiesOfOneAssertionAtOnceExactlyOneSignsIn() throws Exception {
    for (int round = 0; round < 5; round++) {
      KeyUser u = keyUser(SoftwareAuthenticator.securityKey());
      SecurityKeys.Started a = SecurityKeys.startAssertion(api, u.idToken());
      String body = dev.keyfob.http.Json.write(Map.of("assertionId", a.id(), "credential",
          SecurityKeys.signed(api, a, u.key(), UnaryOperator.identity()).asMap()));
      List<CompletableFuture<Reply>> racing = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        racing.add(api.sendAsync(api.request("POST",
            "/v1/me/two-factor/webauthn/assertions/verify").bearer(u.idToken()).json(body)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Reply> f : racing) {
        Reply r = f.get();
        statuses.add(r.status());
        if (r.status() != 200) {
          assertProblem(r, 404, "ASSERTION_NOT_FOUND");
        }
      }
      assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "round " + round
          + ": " + statuses);
    }
  }

  @Test
  void aRegistrationRacingAResetNeverLeavesAKeyBehind() throws Exception {
    String org = Ids.unique("org");
    Flows.Enrolled admin = Flows.enrolledUser(api, sandbox.clock, org, true);
    for (int round = 0; round < 5; round++) {
      Flows.Enrolled u = Flows.enrolledUser(api, sandbox.clock, org, false);
      String mfa = Flows.verify(api, u.idToken(), u.app());
      SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
      SecurityKeys.Started s = SecurityKeys.startRegistration(api, mfa);
      String confirm = dev.keyfob.http.Json.write(Map.of("registrationId", s.id(),
          "credential", SecurityKeys.made(api, s, key, UnaryOperator.identity()).asMap()));
      String reset = dev.keyfob.http.Json.write(Map.of("userIds", List.of(u.userId()),
          "reason", "lost phone"));
      String adminMfa = Flows.verify(api, admin.idToken(), admin.app());
      CompletableFuture<Reply> confirming = api.sendAsync(api.request("POST", CONFIRM)
          .bearer(mfa).json(confirm));
      CompletableFuture<Reply> resetting = api.sendAsync(api.request("POST",
          "/v1/orgs/" + org + "/two-factor/resets").bearer(adminMfa).json(reset));
      Reply confirmed = confirming.get();
      assertEquals(200, resetting.get().status());
      assertTrue(confirmed.status() == 200 || confirmed.status() == 404
          || confirmed.status() == 401, "round " + round + ": " + confirmed);
      Map<?, ?> methods = (Map<?, ?>) api.get("/v1/me/two-factor",
          member(u.userId(), org)).json().get("methods");
      assertEquals(Map.of("totp", false, "webauthn", 0), methods,
          "round " + round + ": the reset left a method behind (confirm " + confirmed.status()
              + ")");
      // The key's id is free again: the user can register it afresh.
      assertNotNull(SecurityKeys.register(api, member(u.userId(), org), key, "Again"));
    }
  }

  @Test
  void rememberingWorksWithAKeyToo() {
    String org = Ids.unique("org");
    Flows.Enrolled admin = Flows.enrolledUser(api, sandbox.clock, org, true);
    Reply on = api.put("/v1/orgs/" + org + "/security/two-factor", admin.mfaToken(),
        Map.of("enabled", true, "rememberDeviceDays", 3));
    assertEquals(200, on.status(), on.toString());
    String userId = Ids.unique("user");
    SoftwareAuthenticator key = SoftwareAuthenticator.passkey();
    SecurityKeys.register(api, member(userId, org), key, "Phone");
    Map<String, Object> remember = new LinkedHashMap<>();
    remember.put("rememberDevice", true);
    Reply signedIn = SecurityKeys.signIn(api, member(userId, org), key, remember);
    assertEquals(200, signedIn.status(), signedIn.toString());
    assertNotNull(signedIn.json().get("deviceToken"));
    Reply notAsked = SecurityKeys.signIn(api, member(userId, org), key, Map.of());
    assertNull(notAsked.json().get("deviceToken"));
  }
}
