package dev.keyfob.local.bench;

import java.util.List;
import java.util.Map;

/**
 * The routes whose cold first request {@code scripts/bench} measures, at least one per function
 * of {@code template.yaml}. Adding a function or route to the bench is one entry here.
 */
final class FunctionCases {

  /** The verification the headline figures ({@code coldStartMs} and the ratios) are about. */
  static final FunctionCase VERIFY = new FunctionCase("verify", "verify",
      "VerificationFunction", 200, p -> {
        BenchUser user = p.enrolled();
        return ApiEvent.of("POST", "/v1/me/two-factor/verify", user.token,
            p.json(Map.of("code", user.nextCode(p.clock()))));
      });

  /**
   * A WebAuthn sign-in: a security key's signed answer to an assertion started just before, in
   * the WebAuthn function, which runs from its own artifact (webauthn4j beside the handlers).
   */
  static final FunctionCase ASSERTION_VERIFY = new FunctionCase("assertionVerify",
      "WebAuthn assertion verify", "WebAuthnFunction", 200, Preparation::assertionEvent);

  static final List<FunctionCase> ALL = List.of(
      new FunctionCase("status", "status", "EnrollmentFunction", 200,
          p -> ApiEvent.of("GET", "/v1/me/two-factor", p.enrolled().token, null)),
      new FunctionCase("enrollmentStart", "enrollment start", "EnrollmentFunction", 201,
          p -> ApiEvent.of("POST", "/v1/me/two-factor/enrollment", p.newUserToken(), "{}")),
      new FunctionCase("confirm", "enrollment confirm", "EnrollmentFunction", 200,
          Preparation::confirmEvent),
      VERIFY,
      new FunctionCase("recover", "recover", "VerificationFunction", 200, p -> {
        BenchUser user = p.enrolled();
        return ApiEvent.of("POST", "/v1/me/two-factor/recover", user.token,
            p.json(Map.of("recoveryCode", user.nextRecoveryCode())));
      }),
      new FunctionCase("orgSecurity", "org security read", "OrgSecurityFunction", 200,
          p -> p.orgEvent("GET", "/security", "")),
      new FunctionCase("listMembers", "admin: list members", "AdminFunction", 200,
          p -> p.orgEvent("GET", "/members", "limit=50")),
      new FunctionCase("supportReset", "support reset", "AdminFunction", 200,
          p -> ApiEvent.of("POST", "/v1/support/two-factor/resets", p.supportToken(),
              p.json(Map.of("userId", p.enrolled().userId, "ticket", "BENCH-1",
                  "reason", "bench: cold start of a support reset")))),
      new FunctionCase("jwks", "JWKS", "JwksFunction", 200,
          p -> ApiEvent.of("GET", "/.well-known/jwks.json", null, null)),
      ASSERTION_VERIFY);

  private FunctionCases() {}
}
