package dev.keyfob.service;

import dev.keyfob.store.Lookups;
import dev.keyfob.store.FailureKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyfob.store.UserState;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.FaultInjector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KMS or DynamoDB unreachable: 503 UNAVAILABLE, nothing changes, no factor is skipped. */
class DependencyOutageTest extends EmulatorEnrolledUserTest {

  private final FaultInjector faults = new FaultInjector();

  DependencyOutageTest(Emulator emulator) {
    super(emulator);
  }

  @Override
  protected TestKeyfob start() {
    return TestKeyfob.start(emulator, Map.of(), faults);
  }

  @Test
  void kmsDownMakesVerifyUnavailableAndCountsNothing() {
    faults.fail("Kms");
    Response right = keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret())));
    assertUnavailable(right);
    Response wrong = keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", "000000"));
    assertUnavailable(wrong);
    UserState s = state();
    assertEquals(0, s.failures(FailureKind.TOTP));
    faults.heal();
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.code(enrolled.secret()))).status(), "recovers by itself");
  }

  @Test
  void dynamoWritesDownMeansNoTokenForARightCode() {
    faults.fail("DynamoDb:UpdateItem");
    faults.fail("DynamoDb:TransactWriteItems");
    String code = keyfob.nextCode(enrolled.secret());
    assertUnavailable(keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code)));
    faults.heal();
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token, Map.of("code", code))
        .status(), "the step was not used up by the failed request");
  }

  @Test
  void dynamoDownAnswers503OnEveryAuthenticatedRoute() {
    faults.fail("DynamoDb");
    String admin = keyfob.user("ada", "acme").admin().sign();
    assertUnavailable(keyfob.get("/v1/me/two-factor", token));
    assertUnavailable(keyfob.post("/v1/me/two-factor/enrollment", token, Map.of()));
    assertUnavailable(keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0))));
    assertUnavailable(keyfob.get("/v1/orgs/acme/security", admin));
    assertUnavailable(keyfob.put("/v1/orgs/acme/security/two-factor", admin,
        Map.of("enabled", true)));
    assertUnavailable(keyfob.get("/v1/orgs/acme/members", admin));
    faults.heal();
    assertEquals(10, state().recoveryCodesRemaining(), "no code was used");
    assertEquals(false, keyfob.app.orgs().settings("acme").twoFactorRequired());
  }

  @Test
  void kmsDownBlocksEnrollmentWithoutStoringAPendingOne() {
    String bob = keyfob.user("bob", "acme").sign();
    faults.fail("Kms");
    assertUnavailable(keyfob.post("/v1/me/two-factor/enrollment", bob, Map.of()));
    faults.heal();
    assertNull(keyfob.app.accounts().load("bob", "acme", Lookups.NONE).pending());
  }

  @Test
  void problemDetailNamesNoInternals() {
    faults.fail("Kms");
    Response r = keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret())));
    assertEquals(false, r.body().contains("injected"));
    assertEquals(false, r.body().contains("Exception"));
  }

  private UserState state() {
    return keyfob.app.accounts().states(List.of("alice")).get(0);
  }

  private void assertUnavailable(Response r) {
    assertEquals(503, r.status(), r + "\n" + keyfob.logs());
    assertEquals("UNAVAILABLE", r.code());
  }
}
