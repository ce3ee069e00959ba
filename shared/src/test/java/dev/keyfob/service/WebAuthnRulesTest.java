package dev.keyfob.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.UserState;
import dev.keyfob.testing.FakeWebAuthn;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.testing.TestKeyfob;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of security keys and passkeys beside the authenticator app, on the emulator. The
 * WebAuthn checks themselves are the library's, tested in the {@code webauthn} module and over
 * the local API; here a fake ceremony ({@link FakeWebAuthn}) stands in, so what is tested is
 * keyfob's: new codes or not, factor versions, one use per challenge, counters, locks, removal
 * and resets.
 */
class WebAuthnRulesTest {

  private static final String REGISTRATIONS = "/v1/me/two-factor/webauthn/registrations";
  private static final String CONFIRM = REGISTRATIONS + "/confirm";
  private static final String CREDENTIALS = "/v1/me/two-factor/webauthn/credentials";
  private static final String ASSERTIONS = "/v1/me/two-factor/webauthn/assertions";
  private static final String VERIFY = ASSERTIONS + "/verify";

  private TestKeyfob keyfob;
  private String token;

  @BeforeEach
  void setUp() {
    keyfob = TestKeyfob.inMemory();
    token = keyfob.user("alice", "acme").sign();
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
  }

  private UserState state() {
    return keyfob.app.accounts().states(List.of("alice")).get(0);
  }

  private static JWTClaimsSet claims(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getJWTClaimsSet();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> publicKey(Response r) {
    return (Map<String, Object>) r.json().get("publicKey");
  }

  @Test
  void aFirstKeyIsAFirstFactorWithNewCodesAndANewFactorVersion() throws Exception {
    Response started = keyfob.post(REGISTRATIONS, token, Map.of());
    assertEquals(201, started.status(), started.body());
    Map<String, Object> options = publicKey(started);
    assertEquals(Map.of("id", "app.keyfob.test", "name", "keyfob"), options.get("rp"));
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) options.get("user");
    assertNotEquals("alice", user.get("id"), "the user handle is opaque, never the user id");
    assertEquals(32, Base64.getUrlDecoder().decode((String) user.get("id")).length);
    assertTrue(Base64.getUrlDecoder().decode((String) options.get("challenge")).length >= 32);
    assertEquals(List.of(-7L, -8L, -257L), ((List<?>) options.get("pubKeyCredParams")).stream()
        .map(p -> ((Number) ((Map<?, ?>) p).get("alg")).longValue()).toList());
    assertEquals(300000L, ((Number) options.get("timeout")).longValue());
    assertEquals(List.of(), options.get("excludeCredentials"));
    assertEquals("none", options.get("attestation"));
    assertEquals(Map.of("residentKey", "preferred", "requireResidentKey", false,
        "userVerification", "preferred"), options.get("authenticatorSelection"));

    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    Response confirmed = keyfob.post(CONFIRM, token, Map.of("registrationId",
        started.string("registrationId"), "credential", key.register(
            (String) options.get("challenge"))));
    assertEquals(200, confirmed.status(), confirmed.body());
    assertEquals(10, ((List<?>) confirmed.json().get("recoveryCodes")).size());
    JWTClaimsSet mfa = claims(confirmed.string("mfaToken"));
    assertEquals(List.of("pwd", "mfa", "hwk"), mfa.getStringListClaim("amr"));
    assertEquals(1L, mfa.getLongClaim("fv"));
    @SuppressWarnings("unchecked")
    Map<String, Object> credential = (Map<String, Object>) confirmed.json().get("credential");
    assertEquals(key.id(), credential.get("credentialId"));
    assertEquals("Security key", credential.get("name"));
    Response status = keyfob.get("/v1/me/two-factor", token);
    assertEquals(true, status.json().get("enrolled"));
    assertEquals(Map.of("totp", false, "webauthn", 1), status.json().get("methods"));
    assertEquals("VERIFY", status.json().get("nextStep"));
  }

  @Test
  void aSyncedPasskeyIsNamedPasskeyAndSignsInAsSwk() throws Exception {
    FakeWebAuthn.Key passkey = new FakeWebAuthn.Key(true);
    Response confirmed = keyfob.register(token, passkey);
    assertEquals("Passkey", ((Map<?, ?>) confirmed.json().get("credential")).get("name"));
    assertTrue(claims(confirmed.string("mfaToken")).getStringListClaim("amr").contains("swk"));
    Response signedIn = keyfob.signInWith(token, passkey);
    assertEquals(200, signedIn.status(), signedIn.body());
    assertEquals(List.of("pwd", "mfa", "swk"),
        claims(signedIn.string("mfaToken")).getStringListClaim("amr"));
  }

  @Test
  void aKeyBesideTheAppKeepsTheCodesAndTheFactorVersion() throws Exception {
    Enrolled app = keyfob.enroll(token);
    assertEquals("MFA_REQUIRED", keyfob.post(REGISTRATIONS, token, Map.of()).code(),
        "a factor is active: the start needs recent MFA");
    Response confirmed = keyfob.register(app.mfaToken(), new FakeWebAuthn.Key(false));
    assertNull(confirmed.json().get("recoveryCodes"));
    assertTrue(confirmed.json().containsKey("recoveryCodes"), "present, as null");
    assertEquals(claims(app.mfaToken()).getLongClaim("fv"),
        claims(confirmed.string("mfaToken")).getLongClaim("fv"));
    assertEquals(200, keyfob.get("/v1/me/two-factor", app.mfaToken()).status(),
        "sessions of the app stay valid");
    assertEquals(200, keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", app.recoveryCodes().get(0))).status(), "the codes too");
    assertEquals(Map.of("totp", true, "webauthn", 1),
        keyfob.get("/v1/me/two-factor", token).json().get("methods"));
  }

  @Test
  void theAppBesideKeysKeepsTheCodesAndTheFactorVersion() throws Exception {
    Response key = keyfob.register(token, new FakeWebAuthn.Key(false));
    String mfa = key.string("mfaToken");
    Response started = keyfob.post("/v1/me/two-factor/enrollment", mfa, Map.of());
    byte[] secret = dev.keyfob.totp.Base32.decode(started.string("secret"));
    Response confirmed = keyfob.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", keyfob.code(secret)));
    assertEquals(200, confirmed.status(), confirmed.body());
    assertNull(confirmed.json().get("recoveryCodes"));
    assertEquals(1L, claims(confirmed.string("mfaToken")).getLongClaim("fv"));
    assertEquals(Map.of("totp", true, "webauthn", 1),
        keyfob.get("/v1/me/two-factor", token).json().get("methods"));
  }

  @Test
  void aRegistrationIsUsedUpByItsFirstConfirmRightOrWrongButNotByAMisshapenBody() {
    Response started = keyfob.post(REGISTRATIONS, token, Map.of());
    String id = started.string("registrationId");
    String challenge = (String) publicKey(started).get("challenge");
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    for (Object misshapen : List.of("text", List.of(), Map.of("id", key.id()),
        Map.of("id", key.id(), "type", "public-key", "response", "x"))) {
      assertEquals("INVALID_REQUEST", keyfob.post(CONFIRM, token,
          Map.of("registrationId", id, "credential", misshapen)).code(), misshapen.toString());
    }
    Response wrong = keyfob.post(CONFIRM, token, Map.of("registrationId", id,
        "credential", key.register(Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[32]))));
    assertEquals(400, wrong.status());
    assertEquals("INVALID_CREDENTIAL", wrong.code());
    assertEquals("REGISTRATION_NOT_FOUND", keyfob.post(CONFIRM, token, Map.of(
        "registrationId", id, "credential", key.register(challenge))).code(),
        "used up by the wrong answer");
    assertFalse(state().hasFactor());
  }

  @Test
  void aCredentialIdRegisteredToAnyoneIsRefusedAndUsesTheRegistrationUp() {
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    keyfob.register(keyfob.user("bob", "acme").sign(), key);
    Response started = keyfob.post(REGISTRATIONS, token, Map.of());
    Map<String, Object> body = Map.of("registrationId", started.string("registrationId"),
        "credential", key.register((String) publicKey(started).get("challenge")));
    assertEquals("CREDENTIAL_EXISTS", keyfob.post(CONFIRM, token, body).code());
    assertEquals("REGISTRATION_NOT_FOUND", keyfob.post(CONFIRM, token, body).code());
  }

  @Test
  void aUserHasTenKeysAtMost() {
    String mfa = keyfob.register(token, new FakeWebAuthn.Key(false)).string("mfaToken");
    for (int i = 1; i < UserState.MAX_CREDENTIALS; i++) {
      keyfob.register(mfa, new FakeWebAuthn.Key(i % 2 == 0));
    }
    assertEquals(UserState.MAX_CREDENTIALS, state().credentialCount());
    Response more = keyfob.post(REGISTRATIONS, mfa, Map.of());
    assertEquals(409, more.status());
    assertEquals("TOO_MANY_CREDENTIALS", more.code());
    assertEquals(10, ((List<?>) keyfob.get(CREDENTIALS, mfa).json().get("credentials")).size());
  }

  @Test
  void aRegistrationStartedBeforeTheFactorVersionChangedCanNeverBeConfirmed() {
    Enrolled app = keyfob.enroll(token);
    Response started = keyfob.post(REGISTRATIONS, app.mfaToken(), Map.of());
    assertEquals(204, keyfob.delete("/v1/me/two-factor", app.mfaToken()).status());
    Response again = keyfob.post("/v1/me/two-factor/enrollment", token, Map.of());
    assertEquals(201, again.status(), "no factor now: a fresh start needs nothing");
    Response confirm = keyfob.post(CONFIRM, token, Map.of("registrationId",
        started.string("registrationId"), "credential", new FakeWebAuthn.Key(false).register(
            (String) publicKey(started).get("challenge"))));
    assertEquals("REGISTRATION_NOT_FOUND", confirm.code());
  }

  @Test
  void signingInWithAKeyStoresTheCounterAndUsesTheAssertionUp() throws Exception {
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    keyfob.register(token, key);
    String[] assertion = keyfob.startAssertion(token);
    Response started = keyfob.post(ASSERTIONS, token, Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> allow = (Map<String, Object>) ((List<?>) publicKey(started)
        .get("allowCredentials")).get(0);
    assertEquals(Map.of("type", "public-key", "id", key.id(), "transports", List.of("usb")),
        allow);
    assertEquals("app.keyfob.test", publicKey(started).get("rpId"));
    assertEquals("preferred", publicKey(started).get("userVerification"));
    // The newer start replaced the first one.
    Map<String, Object> first = Map.of("assertionId", assertion[0],
        "credential", key.sign(assertion[1]));
    assertEquals("ASSERTION_NOT_FOUND", keyfob.post(VERIFY, token, first).code());

    String challenge = (String) publicKey(started).get("challenge");
    Map<String, Object> answer = Map.of("assertionId", started.string("assertionId"),
        "credential", key.sign(challenge));
    keyfob.clock.advance(Duration.ofSeconds(5));
    Response ok = keyfob.post(VERIFY, token, answer);
    assertEquals(200, ok.status(), ok.body());
    assertEquals(List.of("pwd", "mfa", "hwk"),
        claims(ok.string("mfaToken")).getStringListClaim("amr"));
    assertEquals("ASSERTION_NOT_FOUND", keyfob.post(VERIFY, token, answer).code(),
        "a replayed answer finds its assertion used up");
    Map<?, ?> listed = (Map<?, ?>) ((List<?>) keyfob.get(CREDENTIALS, ok.string("mfaToken"))
        .json().get("credentials")).get(0);
    assertEquals(keyfob.clock.instant().toString(), listed.get("lastUsedAt"));
  }

  @Test
  void aCounterThatGoesBackFailsAndIsAudited() {
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    keyfob.register(token, key);
    assertEquals(200, keyfob.signInWith(token, key).status());
    assertEquals(200, keyfob.signInWith(token, key).status());
    String[] assertion = keyfob.startAssertion(token);
    Response cloned = keyfob.post(VERIFY, token, Map.of("assertionId", assertion[0],
        "credential", key.signWithCounter(assertion[1], 1)));
    assertEquals(401, cloned.status());
    assertEquals("INVALID_ASSERTION", cloned.code());
    assertEquals(4, ((Number) cloned.json().get("attemptsRemaining")).intValue());
    var events = keyfob.app.orgs().auditEvents("acme", 20, null).items();
    var counterError = events.stream().filter(e -> e.type().name()
        .equals("WEBAUTHN_COUNTER_ERROR")).findFirst().orElseThrow();
    assertEquals("2", counterError.details().get("storedCounter"));
    assertEquals("1", counterError.details().get("presentedCounter"));
  }

  @Test
  void failedAssertionsLockTheirOwnKindOnTheSameSchedule() {
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    FakeWebAuthn.Key stranger = new FakeWebAuthn.Key(false);
    Enrolled app = keyfob.enroll(token);
    keyfob.register(app.mfaToken(), key);
    for (int i = 0; i < 5; i++) {
      Response r = keyfob.signInWith(token, stranger);
      assertEquals("INVALID_ASSERTION", r.code());
      assertEquals(4 - i, ((Number) r.json().get("attemptsRemaining")).intValue());
    }
    Response locked = keyfob.post(ASSERTIONS, token, Map.of());
    assertEquals(429, locked.status());
    assertEquals("LOCKED", locked.code());
    assertNotNull(keyfob.get("/v1/me/two-factor", token).json().get("webauthnLockedUntil"));
    assertEquals(5, state().failures(FailureKind.WEBAUTHN));
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(app.secret()))).status(), "the app is another kind");
    keyfob.clock.advance(Duration.ofSeconds(61));
    assertEquals(200, keyfob.signInWith(token, key).status());
    assertEquals(0, state().failures(FailureKind.WEBAUTHN));
  }

  @Test
  void theAssertionRoutesNeedAKeyAndTheCodeRoutesNeedTheApp() {
    assertEquals("NOT_ENROLLED", keyfob.post(ASSERTIONS, token, Map.of()).code());
    String onlyApp = keyfob.user("bob", "acme").sign();
    keyfob.enroll(onlyApp);
    assertEquals("METHOD_NOT_ENROLLED", keyfob.post(ASSERTIONS, onlyApp, Map.of()).code());
    keyfob.register(token, new FakeWebAuthn.Key(false));
    Response code = keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "123456"));
    assertEquals(409, code.status());
    assertEquals("METHOD_NOT_ENROLLED", code.code());
    String sso = keyfob.user("alice", "acme").amr("sso").sign();
    assertEquals("SSO_EXEMPT", keyfob.post(ASSERTIONS, sso, Map.of()).code());
  }

  @Test
  void removingAKeyWhileTheAppRemainsKeepsTheSessionWindowAndChangesTheVersion()
      throws Exception {
    Enrolled app = keyfob.enroll(token);
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    String mfa = keyfob.register(app.mfaToken(), key).string("mfaToken");
    keyfob.clock.advance(Duration.ofSeconds(30));
    Response removed = keyfob.delete(CREDENTIALS + "/" + key.id(), mfa);
    assertEquals(200, removed.status(), removed.body());
    JWTClaimsSet before = claims(mfa);
    JWTClaimsSet after = claims(removed.string("mfaToken"));
    assertEquals(before.getIssueTime(), after.getIssueTime(), "iat kept: no longer window");
    assertEquals(before.getExpirationTime(), after.getExpirationTime());
    assertEquals(before.getStringListClaim("amr"), after.getStringListClaim("amr"));
    assertEquals(before.getLongClaim("auth_time"), after.getLongClaim("auth_time"));
    assertEquals(before.getLongClaim("fv") + 1, after.getLongClaim("fv"));
    assertNotEquals(before.getJWTID(), after.getJWTID());
    assertEquals(401, keyfob.get("/v1/me/two-factor", mfa).status(), "the old token is void");
    assertEquals(Map.of("totp", true, "webauthn", 0),
        keyfob.get("/v1/me/two-factor", removed.string("mfaToken")).json().get("methods"));
    assertEquals("LAST_FACTOR", keyfob.delete("/v1/me/two-factor/totp",
        removed.string("mfaToken")).code(), "the app is now the only method");
  }

  @Test
  void anotherUsersCredentialIsNotFoundBeforeAnyOtherRule() {
    FakeWebAuthn.Key bobs = new FakeWebAuthn.Key(false);
    keyfob.register(keyfob.user("bob", "acme").sign(), bobs);
    FakeWebAuthn.Key mine = new FakeWebAuthn.Key(false);
    String mfa = keyfob.register(token, mine).string("mfaToken");
    assertEquals("CREDENTIAL_NOT_FOUND", keyfob.delete(CREDENTIALS + "/" + bobs.id(), mfa)
        .code());
    assertEquals("CREDENTIAL_NOT_FOUND", keyfob.patch(CREDENTIALS + "/" + bobs.id(), mfa,
        Map.of("name", "mine now")).code());
    assertEquals("LAST_FACTOR", keyfob.delete(CREDENTIALS + "/" + mine.id(), mfa).code());
    assertEquals("INVALID_REQUEST", keyfob.delete(CREDENTIALS + "/not*base64", mfa).code());
    assertEquals("MFA_REQUIRED", keyfob.delete(CREDENTIALS + "/" + mine.id(), token).code());
    Response renamed = keyfob.patch(CREDENTIALS + "/" + mine.id(), mfa,
        Map.of("name", "Blue YubiKey"));
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals("Blue YubiKey", renamed.json().get("name"));
    assertEquals("INVALID_REQUEST", keyfob.patch(CREDENTIALS + "/" + mine.id(), mfa,
        Map.of("name", "x".repeat(65))).code());
  }

  @Test
  void removingTheAppFollowsTheSameRules() throws Exception {
    assertEquals("MFA_REQUIRED", keyfob.delete("/v1/me/two-factor/totp", token).code());
    String keyOnly = keyfob.register(token, new FakeWebAuthn.Key(false)).string("mfaToken");
    assertEquals("METHOD_NOT_ENROLLED", keyfob.delete("/v1/me/two-factor/totp", keyOnly)
        .code());
    Response started = keyfob.post("/v1/me/two-factor/enrollment", keyOnly, Map.of());
    byte[] secret = dev.keyfob.totp.Base32.decode(started.string("secret"));
    String both = keyfob.post("/v1/me/two-factor/enrollment/confirm", token, Map.of(
        "enrollmentId", started.string("enrollmentId"), "code", keyfob.code(secret)))
        .string("mfaToken");
    Response removed = keyfob.delete("/v1/me/two-factor/totp", both);
    assertEquals(200, removed.status(), removed.body());
    assertEquals(claims(both).getLongClaim("fv") + 1,
        claims(removed.string("mfaToken")).getLongClaim("fv"));
    assertFalse(state().hasTotp());
    assertEquals(1, state().credentialCount());
    var types = keyfob.app.orgs().auditEvents("acme", 20, null).items().stream()
        .map(e -> e.type().name()).toList();
    assertTrue(types.contains("TOTP_REMOVED"), types.toString());
  }

  @Test
  void resetsRemovalsAndTheLastRecoveryCodeRemoveEveryKeyAndFreeItsId() {
    String admin = keyfob.user("ada", "acme").admin().sign();
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    Response registered = keyfob.register(token, key);
    Response reset = keyfob.post("/v1/orgs/acme/two-factor/resets", admin,
        Map.of("userIds", List.of("alice"), "reason", "lost key"));
    assertEquals(Map.of("userId", "alice", "status", "RESET"),
        ((List<?>) reset.json().get("results")).get(0));
    assertEquals(0, state().credentialCount());
    assertEquals(List.of(), keyfob.app.accounts().credentials("alice"));
    keyfob.register(keyfob.user("bob", "acme").sign(), key);  // its id is free again

    FakeWebAuthn.Key second = new FakeWebAuthn.Key(false);
    Response again = keyfob.register(token, second);
    @SuppressWarnings("unchecked")
    List<String> codes = (List<String>) again.json().get("recoveryCodes");
    Response last = null;
    for (String code : codes) {
      last = keyfob.post("/v1/me/two-factor/recover", token, Map.of("recoveryCode", code));
    }
    assertEquals(true, last.json().get("reenrollRequired"));
    assertFalse(state().hasFactor());
    assertEquals(List.of(), keyfob.app.accounts().credentials("alice"),
        "the last recovery code removes every method");
    assertNotNull(registered);
  }
}
