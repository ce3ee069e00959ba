package dev.keyfob.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryRulesTest extends EnrolledUserTest {

  private static final String RECOVER = "/v1/me/two-factor/recover";

  @Test
  void recoveryCodeGivesAnMfaTokenAndWorksOnlyOnce() throws Exception {
    String code = enrolled.recoveryCodes().get(3);
    Response r = keyfob.post(RECOVER, token, Map.of("recoveryCode", code));
    assertEquals(200, r.status(), r.body());
    assertEquals(9, ((Number) r.json().get("recoveryCodesRemaining")).intValue());
    assertEquals(false, r.json().get("reenrollRequired"));
    assertEquals(List.of("pwd", "mfa", "recovery_code"),
        SignedJWT.parse(r.string("mfaToken")).getJWTClaimsSet().getStringListClaim("amr"));
    Response again = keyfob.post(RECOVER, token, Map.of("recoveryCode", code));
    assertEquals(401, again.status());
    assertEquals("INVALID_RECOVERY_CODE", again.code());
    assertEquals(4, ((Number) again.json().get("attemptsRemaining")).intValue());
  }

  @Test
  void caseSpacesAndHyphensAreIgnored() {
    String code = enrolled.recoveryCodes().get(0);
    String typed = " " + code.replace("-", " ").toUpperCase(Locale.ROOT) + " ";
    assertEquals(200, keyfob.post(RECOVER, token, Map.of("recoveryCode", typed)).status());
    String compact = enrolled.recoveryCodes().get(1).replace("-", "");
    assertEquals(200, keyfob.post(RECOVER, token, Map.of("recoveryCode", compact)).status());
  }

  @Test
  void lastCodeRemovesTheFactorAndItsTokenCarriesTheNewVersion() throws Exception {
    Response last = null;
    for (String code : enrolled.recoveryCodes()) {
      last = keyfob.post(RECOVER, token, Map.of("recoveryCode", code));
      assertEquals(200, last.status(), last.body());
    }
    assertEquals(0, ((Number) last.json().get("recoveryCodesRemaining")).intValue());
    assertEquals(true, last.json().get("reenrollRequired"));
    String mfa = last.string("mfaToken");
    assertEquals(2L, SignedJWT.parse(mfa).getJWTClaimsSet().getLongClaim("fv"));
    Response status = keyfob.get("/v1/me/two-factor", mfa);
    assertEquals(200, status.status(), "the token of the last code is valid");
    assertEquals(false, status.json().get("enrolled"));
    assertEquals(401, keyfob.get("/v1/me/two-factor", enrolled.mfaToken()).status());
    assertEquals("NOT_ENROLLED", keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))).code(), "old secret is gone");
  }

  @Test
  void anotherUsersCodeIsRefused() {
    String bob = keyfob.user("bob", "acme").sign();
    Enrolled bobs = keyfob.enroll(bob);
    Response r = keyfob.post(RECOVER, token, Map.of("recoveryCode", bobs.recoveryCodes().get(0)));
    assertEquals("INVALID_RECOVERY_CODE", r.code());
    assertEquals(200, keyfob.post(RECOVER, bob,
        Map.of("recoveryCode", bobs.recoveryCodes().get(0))).status(), "still unused for bob");
  }

  @Test
  void recoveryFailuresLockApartFromTotp() {
    for (int i = 0; i < 5; i++) {
      keyfob.post(RECOVER, token, Map.of("recoveryCode", "hhhh-hhhh-hhhh-hhhh"));
    }
    assertEquals(429, keyfob.post(RECOVER, token,
        Map.of("recoveryCode", enrolled.recoveryCodes().get(0))).status());
    assertEquals(200, keyfob.post("/v1/me/two-factor/verify", token,
        Map.of("code", keyfob.nextCode(enrolled.secret()))).status(), "TOTP is not locked");
  }

  @Test
  void malformedRecoveryCodesAreWrongCodes() {
    for (String code : List.of("x", "0000-0000-0000-0000", "hhhh-hhhh-hhhh-hhh",
        "hhhh-hhhh-hhhh-hhhhh", "ｈｈｈｈ-ｈｈｈｈ-ｈｈｈｈ-ｈｈｈｈ")) {
      assertEquals("INVALID_RECOVERY_CODE",
          keyfob.post(RECOVER, token, Map.of("recoveryCode", code)).code(), code);
    }
  }
}
