package dev.keyfob.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testing.FakeWebAuthn;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.totp.Base32;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds each route to the per-request AWS call budget of the design, counted by the SDK. */
class CallBudgetTest extends EmulatorEnrolledUserTest {

  private final CallCounter calls = new CallCounter();

  CallBudgetTest(Emulator emulator) {
    super(emulator);
  }

  @Override
  protected TestKeyfob start() {
    return TestKeyfob.start(emulator, Map.of(), calls);
  }

  @BeforeEach
  void loadPublicKeysOnce() {
    keyfob.get("/v1/me/two-factor", enrolled.mfaToken());
  }

  @Test
  void verifySuccessAndFailureStayWithinTwoDynamoDbAndOneKmsCall() {
    assertBudget(2, 1, () -> keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))), 200);
    assertBudget(2, 1, () -> keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", "000000")), 401);
  }

  @Test
  void recoverUsesNoKms() {
    assertBudget(2, 0, () -> keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0))), 200);
  }

  @Test
  void statusOfANewMemberRecordsItWithinBudget() {
    String bob = keyfob.user("bob", "acme").sign();
    assertBudget(2, 0, () -> keyfob.get("/v1/me/two-factor", bob), 200);
    assertBudget(1, 0, () -> keyfob.get("/v1/me/two-factor", bob), 200);
  }

  @Test
  void enrollmentStartAndConfirmWithinBudget() {
    String bob = keyfob.user("bob", "acme").sign();
    Response[] started = new Response[1];
    assertBudget(2, 1, () -> started[0] = keyfob.post("/v1/me/two-factor/enrollment", bob,
        Map.of()), 201);
    byte[] secret = Base32.decode(started[0].string("secret"));
    assertBudget(3, 1, () -> keyfob.post("/v1/me/two-factor/enrollment/confirm", bob,
        Map.of("enrollmentId", started[0].string("enrollmentId"),
            "code", keyfob.code(secret))), 200);
  }

  @Test
  void rememberingABrowserAndSigningInWithItStayWithinBudget() {
    rememberDevicesFor(30);
    Response[] verified = new Response[1];
    assertBudget(2, 1, () -> verified[0] = keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret()), "rememberDevice", true)), 200);
    String device = verified[0].string("deviceToken");
    assertBudget(2, 0, () -> keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0), "rememberDevice", true)), 200);
    assertBudget(2, 0, () -> keyfob.post("/v1/me/two-factor/device", token,
        Map.of("deviceToken", device)), 200);
    assertBudget(2, 0, () -> keyfob.post("/v1/me/two-factor/device", token,
        Map.of("deviceToken", "kfd_" + "A".repeat(43))), 401);
    String bob = keyfob.user("bob", "acme").sign();
    keyfob.enroll(bob);
    String bobAgain = keyfob.user("bob", "acme").email("bob@new.example").sign();
    assertBudget(2, 0, () -> keyfob.post("/v1/me/two-factor/device", bobAgain,
        Map.of("deviceToken", device)), 401);
  }

  @Test
  void securityKeysStayWithinTheirBudget() {
    FakeWebAuthn.Key key = new FakeWebAuthn.Key(false);
    Response[] started = new Response[1];
    assertBudget(2, 0, () -> started[0] = keyfob.post(
        "/v1/me/two-factor/webauthn/registrations", enrolled.mfaToken(), Map.of()), 201);
    @SuppressWarnings("unchecked")
    String challenge = (String) ((Map<String, Object>) started[0].json().get("publicKey"))
        .get("challenge");
    assertBudget(3, 0, () -> keyfob.post("/v1/me/two-factor/webauthn/registrations/confirm",
        enrolled.mfaToken(), Map.of("registrationId", started[0].string("registrationId"),
            "credential", key.register(challenge))), 200);
    rememberDevicesFor(7);
    Response[] assertion = new Response[1];
    assertBudget(2, 0, () -> assertion[0] = keyfob.post("/v1/me/two-factor/webauthn/assertions",
        token, Map.of()), 201);
    @SuppressWarnings("unchecked")
    String assertionChallenge = (String) ((Map<String, Object>) assertion[0].json()
        .get("publicKey")).get("challenge");
    assertBudget(2, 0, () -> keyfob.post("/v1/me/two-factor/webauthn/assertions/verify", token,
        Map.of("assertionId", assertion[0].string("assertionId"),
            "credential", key.sign(assertionChallenge), "rememberDevice", true)), 200);
  }

  /** The org allows remembering browsers for {@code days}, set by an enrolled admin. */
  private void rememberDevicesFor(int days) {
    String admin = keyfob.user("ada", "acme").admin().sign();
    String adminMfa = keyfob.enroll(admin).mfaToken();
    Response r = keyfob.put("/v1/orgs/acme/security/two-factor", adminMfa,
        Map.of("enabled", true, "rememberDeviceDays", days));
    assertEquals(200, r.status(), r.toString());
  }

  @Test
  void signingTokensCostsNoKmsAfterTheFirst() {
    for (int i = 0; i < 5; i++) {
      calls.reset();
      Response r = keyfob.post("/v1/me/two-factor/verify", token,
          Map.of("code", keyfob.nextCode(enrolled.secret())));
      assertEquals(200, r.status());
      assertEquals(1, calls.total("Kms"), "only the secret's decryption: " + calls.calls());
    }
  }

  private void assertBudget(int dynamo, int kms, Supplier<Response> call, int status) {
    calls.reset();
    Response r = call.get();
    assertEquals(status, r.status(), r.toString());
    assertTrue(calls.total("DynamoDb") <= dynamo, "DynamoDB calls " + calls.calls());
    assertTrue(calls.total("Kms") <= kms, "KMS calls " + calls.calls());
    if (kms > 0) {
      assertEquals(kms, calls.total("Kms"), "KMS calls " + calls.calls());
    }
  }
}
