package dev.keyfob.local.contract;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The flows most tests start from, each failing the test loudly if a step does not succeed. */
public final class Flows {

  private Flows() {}

  /** A user with an active factor, as the test knows it. */
  public record Enrolled(String userId, String orgId, String idToken, Authenticator app,
      List<String> recoveryCodes, String mfaToken) {}

  /** Starts and confirms an enrollment for the identity-provider token of userId in orgId. */
  @SuppressWarnings("unchecked")
  public static Enrolled enroll(Api api, Clock clock, String userId, String orgId,
      String idToken) {
    Reply started = api.post("/v1/me/two-factor/enrollment", idToken, "{}");
    if (started.status() != 201) {
      throw new AssertionError("enrollment start failed: " + started);
    }
    Authenticator app = new Authenticator(started.string("secret"), clock);
    Reply confirmed = api.post("/v1/me/two-factor/enrollment/confirm", idToken, Map.of(
        "enrollmentId", started.string("enrollmentId"), "code", app.nextCode()));
    if (confirmed.status() != 200) {
      throw new AssertionError("enrollment confirm failed: " + confirmed);
    }
    return new Enrolled(userId, orgId, idToken, app,
        (List<String>) confirmed.json().get("recoveryCodes"), confirmed.string("mfaToken"));
  }

  /** A fresh member of orgId (or admin), enrolled with a password sign-in token. */
  public static Enrolled enrolledUser(Api api, Clock clock, String orgId, boolean admin) {
    String userId = Ids.unique(admin ? "admin" : "user");
    String token = api.idToken(admin ? DevToken.admin(userId, orgId)
        : DevToken.member(userId, orgId));
    return enroll(api, clock, userId, orgId, token);
  }

  /** Verifies with the user's next code and returns the MFA token. */
  public static String verify(Api api, String idToken, Authenticator app) {
    Reply r = api.post("/v1/me/two-factor/verify", idToken, Map.of("code", app.nextCode()));
    if (r.status() != 200) {
      throw new AssertionError("verify failed: " + r);
    }
    return r.string("mfaToken");
  }

  /** Turns the org's 2FA requirement on (grace days) as its admin, who must be able to. */
  public static void requireTwoFactor(Api api, String orgId, String adminToken, int graceDays) {
    Reply r = api.put("/v1/orgs/" + orgId + "/security/two-factor", adminToken,
        Map.of("enabled", true, "gracePeriodDays", graceDays));
    if (r.status() != 200) {
      throw new AssertionError("enabling 2FA failed: " + r);
    }
  }
}
