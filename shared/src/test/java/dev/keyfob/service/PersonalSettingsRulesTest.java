package dev.keyfob.service;

import dev.keyfob.store.Lookups;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonalSettingsRulesTest extends EnrolledUserTest {

  private static final String CODES = "/v1/me/two-factor/recovery-codes";
  private static final String ME = "/v1/me/two-factor";

  @Test
  void regeneratingGivesTenNewCodesAndTheOldSetStops() {
    Response r = keyfob.post(CODES, enrolled.mfaToken(), null);
    assertEquals(200, r.status(), r.body());
    @SuppressWarnings("unchecked")
    List<String> fresh = (List<String>) r.json().get("recoveryCodes");
    assertEquals(10, fresh.size());
    assertEquals("INVALID_RECOVERY_CODE", keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0))).code());
    assertEquals(200, keyfob.post("/v1/me/two-factor/recover", token,
        Map.of("recoveryCode", fresh.get(0))).status());
    assertEquals(200, keyfob.get(ME, enrolled.mfaToken()).status(),
        "regenerating does not change the factor version");
  }

  @Test
  void regeneratingAndRemovingNeedARecentMfaToken() {
    assertEquals("MFA_REQUIRED", keyfob.post(CODES, token, null).code());
    assertEquals("MFA_REQUIRED", keyfob.call("DELETE", ME, token, null).code());
    keyfob.clock.advance(Duration.ofSeconds(301));
    assertEquals("MFA_REQUIRED", keyfob.post(CODES, enrolled.mfaToken(), null).code());
    assertEquals("MFA_REQUIRED", keyfob.call("DELETE", ME, enrolled.mfaToken(), null).code());
  }

  @Test
  void removingDeletesFactorCodesAndPendingAndVoidsMfaTokens() {
    keyfob.post("/v1/me/two-factor/enrollment", enrolled.mfaToken(), Map.of());
    Response r = keyfob.call("DELETE", ME, enrolled.mfaToken(), null);
    assertEquals(204, r.status(), r.body());
    assertEquals("", r.body());
    assertEquals(401, keyfob.get(ME, enrolled.mfaToken()).status());
    Response status = keyfob.get(ME, token);
    assertEquals(false, status.json().get("enrolled"));
    assertEquals(0, ((Number) status.json().get("recoveryCodesRemaining")).intValue());
    assertEquals(null, keyfob.app.accounts().load("alice", "acme", Lookups.NONE).pending());
    assertTrue(keyfob.app.orgs().auditEvents("acme", 10, null).items().stream()
        .anyMatch(e -> e.type().name().equals("FACTOR_REMOVED")));
  }

  @Test
  void regeneratingWithoutAFactorIsNotEnrolled() {
    String lastToken = null;
    for (String code : enrolled.recoveryCodes()) {
      lastToken = keyfob.post("/v1/me/two-factor/recover", token,
          Map.of("recoveryCode", code)).string("mfaToken");
    }
    assertEquals("NOT_ENROLLED", keyfob.post(CODES, lastToken, null).code());
  }
}
