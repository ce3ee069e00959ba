package dev.keyfob.local.contract;

import static dev.keyfob.local.contract.ContractAssertions.assertCommonHeaders;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml (the contract), Conventions, over HTTP against {@code scripts/run-local}: 404 and 405 (with {@code
 * allowed} and {@code Allow}), 413 over 16 KiB, 400 for bodies that are not JSON or of the wrong
 * type and for identifiers out of the contract, unknown fields ignored, {@code Cache-Control:
 * no-store} and {@code X-Request-Id} on every response, and the order in which the checks run
 * (route and method, body size, token, body shape and identifiers, who may call, the route's
 * rules; {@code SSO_EXEMPT} before {@code NOT_ENROLLED}).
 */
@ExtendWith(RunLocal.class)
class ConventionsContractTest {

  /** Every route of the contract by path (with "acme" for {orgId}), and its methods. */
  static final Map<String, Set<String>> ROUTES = new LinkedHashMap<>();

  static {
    ROUTES.put("/v1/me/two-factor", Set.of("GET", "DELETE"));
    ROUTES.put("/v1/me/two-factor/enrollment", Set.of("POST"));
    ROUTES.put("/v1/me/two-factor/enrollment/confirm", Set.of("POST"));
    ROUTES.put("/v1/me/two-factor/verify", Set.of("POST"));
    ROUTES.put("/v1/me/two-factor/recover", Set.of("POST"));
    ROUTES.put("/v1/me/two-factor/recovery-codes", Set.of("POST"));
    ROUTES.put("/v1/orgs/acme/security", Set.of("GET"));
    ROUTES.put("/v1/orgs/acme/security/two-factor", Set.of("PUT"));
    ROUTES.put("/v1/orgs/acme/security/sso", Set.of("PUT"));
    ROUTES.put("/v1/orgs/acme/members", Set.of("GET"));
    ROUTES.put("/v1/orgs/acme/two-factor/resets", Set.of("POST"));
    ROUTES.put("/v1/support/two-factor/resets", Set.of("POST"));
    ROUTES.put("/v1/orgs/acme/audit-events", Set.of("GET"));
    ROUTES.put("/.well-known/jwks.json", Set.of("GET"));
  }

  /** The routes that take a JSON body. */
  static final List<String[]> BODY_ROUTES = List.of(
      new String[] {"POST", "/v1/me/two-factor/enrollment"},
      new String[] {"POST", "/v1/me/two-factor/enrollment/confirm"},
      new String[] {"POST", "/v1/me/two-factor/verify"},
      new String[] {"POST", "/v1/me/two-factor/recover"},
      new String[] {"POST", "/v1/me/two-factor/recovery-codes"},
      new String[] {"PUT", "/v1/orgs/acme/security/two-factor"},
      new String[] {"PUT", "/v1/orgs/acme/security/sso"},
      new String[] {"POST", "/v1/orgs/acme/two-factor/resets"},
      new String[] {"POST", "/v1/support/two-factor/resets"});

  static final int MAX_BODY = 16 * 1024;

  private static Api api;
  private static String org;
  private static String memberToken;

  @BeforeAll
  static void setUp(Api runLocal) {
    api = runLocal;
    org = Ids.unique("org");
    memberToken = api.idToken(DevToken.member(Ids.unique("member"), org));
  }

  /** A JSON object of exactly {@code size} bytes. */
  static String jsonOfSize(int size) {
    String head = "{\"code\":\"123456\",\"pad\":\"";
    return head + "a".repeat(size - head.length() - 2) + "\"}";
  }

  @Test
  void everyRouteAndEveryKindOfAnswerCarriesNoStoreAndARequestId() {
    List<Reply> replies = new ArrayList<>();
    for (Map.Entry<String, Set<String>> route : ROUTES.entrySet()) {
      for (String method : route.getValue()) {
        replies.add(api.send(api.request(method, route.getKey()).bearer(memberToken)
            .json(method.equals("GET") || method.equals("DELETE") ? null : "{}")));
        replies.add(api.send(api.request(method, route.getKey())));
      }
    }
    replies.add(api.get("/v1/nowhere", null));
    replies.add(api.send(api.request("PATCH", "/v1/me/two-factor")));
    replies.add(api.send(api.request("POST", "/v1/me/two-factor/verify")
        .json(jsonOfSize(MAX_BODY + 1))));
    replies.add(api.rawRequest("GET", "/v1/me/../me/two-factor", Map.of(), new byte[0]));
    replies.add(api.post("/v1/me/two-factor/verify", memberToken, "{\"code\":\"123456\"}"));
    Flows.Enrolled u = Flows.enrolledUser(api, java.time.Clock.systemUTC(), org, false);
    for (int i = 0; i < 6; i++) {
      replies.add(api.post("/v1/me/two-factor/verify", u.idToken(), "{\"code\":\"000000\"}"));
    }
    replies.add(api.delete("/v1/me/two-factor", u.mfaToken()));
    Set<Integer> statuses = new TreeSet<>();
    for (Reply r : replies) {
      assertCommonHeaders(r);
      statuses.add(r.status());
    }
    assertEquals(Set.of(200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 429), statuses,
        "the sample covers every kind of success and client error");
  }

  @Test
  void unknownRoutesAreNotFound() {
    // GET / is the reference web app, served next to the API; every other method on / is not.
    for (String method : List.of("POST", "PUT", "DELETE")) {
      assertProblem(api.send(api.request(method, "/").bearer(memberToken)), 404, "NOT_FOUND");
    }
    List<String> paths = List.of("/v1", "/v1/me", "/v1/me/two-factor/", "/v2/me/two-factor",
        "/V1/ME/TWO-FACTOR", "/v1/orgs/acme", "/v1/orgs/acme/security/extra",
        "/v1/orgs//security", "/v1/me/two-factor/verify/now", "/.well-known/openid-configuration",
        "/v1/support/two-factor/resets/u1", "/v1/me/two-factors?x=/v1/me/two-factor");
    for (String path : paths) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        Reply r = api.send(api.request(method, path).bearer(memberToken));
        assertProblem(r, 404, "NOT_FOUND");
      }
    }
  }

  @Test
  void wrongMethodOnAKnownRouteIs405NamingTheAllowedMethods() {
    for (Map.Entry<String, Set<String>> route : ROUTES.entrySet()) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
        if (route.getValue().contains(method)) {
          continue;
        }
        Reply r = api.send(api.request(method, route.getKey()).bearer(memberToken));
        Map<String, Object> p = assertProblem(r, 405, "METHOD_NOT_ALLOWED");
        assertEquals(route.getValue(), Set.copyOf((List<?>) p.get("allowed")),
            method + " " + route.getKey());
        Set<String> allow = Arrays.stream(r.header("Allow").orElse("").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        assertEquals(route.getValue(), allow, "Allow header of " + method + " " + route.getKey());
      }
    }
  }

  @Test
  void bodyOver16KiBIs413OnEveryRouteEvenWithoutAToken() {
    String big = jsonOfSize(MAX_BODY + 1);
    assertEquals(MAX_BODY + 1, big.length());
    for (String[] route : BODY_ROUTES) {
      assertProblem(api.send(api.request(route[0], route[1]).json(big)), 413,
          "PAYLOAD_TOO_LARGE");
      assertProblem(api.send(api.request(route[0], route[1]).bearer("not-a-token").json(big)),
          413, "PAYLOAD_TOO_LARGE");
    }
    assertProblem(api.send(api.request("DELETE", "/v1/me/two-factor").json(big)), 413,
        "PAYLOAD_TOO_LARGE");
    // Multi-byte characters count as bytes, not characters.
    String wide = "{\"code\":\"" + "\u00e9".repeat(MAX_BODY / 2) + "\"}";
    assertProblem(api.post("/v1/me/two-factor/verify", memberToken, wide), 413,
        "PAYLOAD_TOO_LARGE");
  }

  @Test
  void bodyOfExactly16KiBIsAccepted() {
    String userId = Ids.unique("user");
    String token = api.idToken(DevToken.member(userId, org));
    String body = jsonOfSize(MAX_BODY);
    assertEquals(MAX_BODY, body.length());
    // Accepted as a body: the route's own rule answers (no factor yet).
    assertProblem(api.post("/v1/me/two-factor/verify", token, body), 409, "NOT_ENROLLED");
  }

  @Test
  void routeAndMethodAreCheckedBeforeTheBodySize() {
    String big = jsonOfSize(MAX_BODY + 1);
    assertProblem(api.send(api.request("POST", "/v1/nowhere").json(big)), 404, "NOT_FOUND");
    assertProblem(api.send(api.request("PUT", "/v1/me/two-factor/verify").json(big)), 405,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  void tokenIsCheckedBeforeTheBody() {
    for (String[] route : BODY_ROUTES) {
      for (String token : new String[] {null, "garbage", memberToken + "x"}) {
        assertProblem(api.send(api.request(route[0], route[1]).bearer(token).json("{not json")),
            401, "UNAUTHENTICATED");
      }
    }
    assertProblem(api.get("/v1/orgs/not%20an%20id/security", null), 401, "UNAUTHENTICATED");
    assertProblem(api.get("/v1/orgs/acme/members?limit=0", "x.y.z"), 401, "UNAUTHENTICATED");
  }

  @Test
  void missingMalformedExpiredOrTamperedTokensAreUnauthenticated() {
    String expired = api.idToken(DevToken.member(Ids.unique("user"), org)
        .expiresInSeconds(-120));
    String[] parts = memberToken.split("\\.");
    String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1]
        + ".";
    String otherSignature = parts[0] + "." + parts[1] + "." + expired.split("\\.")[2];
    for (String header : List.of("", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", memberToken,
        "Bearer garbage", "Bearer a.b.c", "Bearer " + expired, "Bearer " + none,
        "Bearer " + otherSignature)) {
      Api.Request request = api.request("GET", "/v1/me/two-factor");
      if (!header.isEmpty()) {
        request.header("Authorization", header);
      }
      assertProblem(api.send(request), 401, "UNAUTHENTICATED", memberToken, expired);
    }
  }

  @Test
  void bodyShapeAndIdentifiersAreCheckedBeforeWhoMayCall() {
    // A member may call none of these, yet the malformed request is what is reported.
    String path = "/v1/orgs/" + org;
    assertProblem(api.put(path + "/security/two-factor", memberToken, "{\"enabled\":\"yes\"}"),
        400, "INVALID_REQUEST");
    assertProblem(api.put(path + "/security/sso", memberToken, "{}"), 400, "INVALID_REQUEST");
    assertProblem(api.post(path + "/two-factor/resets", memberToken,
        "{\"userIds\":[],\"reason\":\"r\"}"), 400, "INVALID_REQUEST");
    assertProblem(api.post("/v1/support/two-factor/resets", memberToken,
        "{\"userId\":\"u1\",\"reason\":\"r\"}"), 400, "INVALID_REQUEST");
    assertProblem(api.get("/v1/orgs/bad!id/security", memberToken), 400, "INVALID_REQUEST");
    assertProblem(api.get(path + "/members?limit=0", memberToken), 400, "INVALID_REQUEST");
    assertProblem(api.get(path + "/audit-events?limit=101", memberToken), 400,
        "INVALID_REQUEST");
    // And with a well-formed request, who may call decides.
    assertProblem(api.put(path + "/security/sso", memberToken, "{\"enabled\":false}"), 403,
        "FORBIDDEN");
  }

  @Test
  void whoMayCallIsCheckedBeforeTheRulesOfTheRoute() {
    String userId = Ids.unique("user");
    String token = api.idToken(DevToken.member(userId, org));
    // Regenerating needs a recent MFA (403) before "no factor" (409) is even considered.
    assertProblem(api.post("/v1/me/two-factor/recovery-codes", token, "{}"), 403,
        "MFA_REQUIRED");
    assertProblem(api.delete("/v1/me/two-factor", token), 403, "MFA_REQUIRED");
    // A member resetting users that are not members: 403, not per-user results.
    assertProblem(api.post("/v1/orgs/" + org + "/two-factor/resets", token,
        "{\"userIds\":[\"nobody\"],\"reason\":\"r\"}"), 403, "FORBIDDEN");
    // An admin with a stale password turning 2FA on in an SSO org: step-up before SSO_ENABLED.
    String ssoOrg = Ids.unique("org");
    String admin = Ids.unique("admin");
    assertEquals(200, api.put("/v1/orgs/" + ssoOrg + "/security/sso",
        api.idToken(DevToken.admin(admin, ssoOrg)), "{\"enabled\":true}").status());
    String stale = api.idToken(DevToken.admin(admin, ssoOrg).authTimeSecondsAgo(3600));
    assertProblem(api.put("/v1/orgs/" + ssoOrg + "/security/two-factor", stale,
        "{\"enabled\":true}"), 403, "STEP_UP_REQUIRED");
    assertProblem(api.put("/v1/orgs/" + ssoOrg + "/security/two-factor",
        api.idToken(DevToken.admin(admin, ssoOrg)), "{\"enabled\":true}"), 409, "SSO_ENABLED");
  }

  @Test
  void ssoExemptComesBeforeNotEnrolledOnTheSecondFactorRoutes() {
    String sso = api.idToken(DevToken.member(Ids.unique("sso"), org).amr("sso"));
    assertProblem(api.post("/v1/me/two-factor/verify", sso, "{\"code\":\"123456\"}"), 409,
        "SSO_EXEMPT");
    assertProblem(api.post("/v1/me/two-factor/recover", sso,
        "{\"recoveryCode\":\"2345-6789-hkmr-twxy\"}"), 409, "SSO_EXEMPT");
    assertProblem(api.post("/v1/me/two-factor/enrollment", sso, "{}"), 409, "SSO_EXEMPT");
    String plain = api.idToken(DevToken.member(Ids.unique("user"), org));
    assertProblem(api.post("/v1/me/two-factor/verify", plain, "{\"code\":\"123456\"}"), 409,
        "NOT_ENROLLED");
    assertProblem(api.post("/v1/me/two-factor/recover", plain,
        "{\"recoveryCode\":\"2345-6789-hkmr-twxy\"}"), 409, "NOT_ENROLLED");
  }

  @Test
  void bodiesThatAreNotJsonOrOfTheWrongTypeAreInvalidRequests() {
    String token = api.idToken(DevToken.member(Ids.unique("user"), org));
    String admin = api.idToken(DevToken.admin(Ids.unique("admin"), org));
    List<String> notObjects = List.of("not json", "{\"code\":", "[]", "\"123456\"", "123456",
        "null", "true", "{\"code\":\"123456\"} trailing", "{'code':'123456'}", "{\"code\":123456}",
        "{\"code\":null}", "{\"code\":[\"123456\"]}", "{}", "");
    for (String body : notObjects) {
      assertProblem(api.post("/v1/me/two-factor/verify", token, body), 400, "INVALID_REQUEST",
          "123456");
      assertProblem(api.post("/v1/me/two-factor/recover", token,
          body.replace("code", "recoveryCode")), 400, "INVALID_REQUEST");
    }
    for (String body : List.of("[]", "1", "\"x\"", "nope")) {
      assertProblem(api.post("/v1/me/two-factor/enrollment", token, body), 400,
          "INVALID_REQUEST");
      assertProblem(api.post("/v1/me/two-factor/recovery-codes", token, body), 400,
          "INVALID_REQUEST");
    }
    for (String body : List.of("{\"enrollmentId\":1,\"code\":\"123456\"}",
        "{\"enrollmentId\":\"e\"}", "{\"code\":\"123456\"}", "{\"enrollmentId\":\"\",\"code\":\"1\"}",
        "{\"enrollmentId\":\"" + "e".repeat(129) + "\",\"code\":\"123456\"}")) {
      assertProblem(api.post("/v1/me/two-factor/enrollment/confirm", token, body), 400,
          "INVALID_REQUEST");
    }
    String twoFactor = "/v1/orgs/" + org + "/security/two-factor";
    for (String body : List.of("{\"enabled\":1}", "{\"enabled\":\"true\"}", "{\"enabled\":null}",
        "{\"enabled\":true,\"gracePeriodDays\":\"3\"}", "{\"enabled\":true,\"gracePeriodDays\":31}",
        "{\"enabled\":true,\"gracePeriodDays\":-1}", "{\"enabled\":true,\"gracePeriodDays\":2.5}",
        "{\"enabled\":true,\"gracePeriodDays\":true}", "{\"gracePeriodDays\":3}")) {
      assertProblem(api.put(twoFactor, admin, body), 400, "INVALID_REQUEST");
    }
    String resets = "/v1/orgs/" + org + "/two-factor/resets";
    List<String> hundredAndOne = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      hundredAndOne.add("\"u" + i + "\"");
    }
    for (String body : List.of("{\"userIds\":\"u1\",\"reason\":\"r\"}",
        "{\"userIds\":[\"u1\"]}", "{\"userIds\":[\"u1\"],\"reason\":\"\"}",
        "{\"userIds\":[\"u1\"],\"reason\":\"" + "r".repeat(501) + "\"}",
        "{\"userIds\":[\"u1\"],\"reason\":7}", "{\"userIds\":[1],\"reason\":\"r\"}",
        "{\"userIds\":[null],\"reason\":\"r\"}", "{\"userIds\":[],\"reason\":\"r\"}",
        "{\"userIds\":[" + String.join(",", hundredAndOne) + "],\"reason\":\"r\"}")) {
      assertProblem(api.post(resets, admin, body), 400, "INVALID_REQUEST");
    }
    for (String body : List.of("{\"userId\":\"u1\",\"ticket\":\"t\"}",
        "{\"userId\":\"u1\",\"reason\":\"r\"}", "{\"ticket\":\"t\",\"reason\":\"r\"}",
        "{\"userId\":\"u1\",\"ticket\":\"\",\"reason\":\"r\"}",
        "{\"userId\":\"u1\",\"ticket\":\"t\",\"reason\":\"\"}",
        "{\"userId\":[\"u1\"],\"ticket\":\"t\",\"reason\":\"r\"}")) {
      assertProblem(api.post("/v1/support/two-factor/resets", admin, body), 400,
          "INVALID_REQUEST");
    }
  }

  @Test
  void reasonOfExactly500CharactersAndGraceOf30DaysAreAccepted() {
    String adminId = Ids.unique("admin");
    String ownOrg = Ids.unique("org");
    String admin = api.idToken(DevToken.admin(adminId, ownOrg));
    Reply reset = api.post("/v1/orgs/" + ownOrg + "/two-factor/resets", admin,
        Map.of("userIds", List.of(adminId), "reason", "\u00e9".repeat(500)));
    assertEquals(200, reset.status(), reset.toString());
    Reply grace = api.put("/v1/orgs/" + ownOrg + "/security/two-factor", admin,
        "{\"enabled\":true,\"gracePeriodDays\":30.0}");
    assertEquals(200, grace.status(), grace.toString());
    assertEquals(30, ((Number) grace.json().get("gracePeriodDays")).intValue());
  }

  @Test
  void unknownFieldsAreIgnored() {
    String adminId = Ids.unique("admin");
    String ownOrg = Ids.unique("org");
    String admin = api.idToken(DevToken.admin(adminId, ownOrg));
    Reply r = api.put("/v1/orgs/" + ownOrg + "/security/two-factor", admin,
        "{\"enabled\":false,\"unknown\":{\"deep\":[1,2,{}]},\"orgId\":\"other\"}");
    assertEquals(200, r.status(), r.toString());
    assertEquals(ownOrg, r.json().get("orgId"));
    assertProblem(api.post("/v1/me/two-factor/verify", admin,
        "{\"code\":\"123456\",\"userId\":\"someone-else\",\"x\":null}"), 409, "NOT_ENROLLED");
  }

  @Test
  void identifiersOutsideTheContractAreInvalidRequests() {
    String longest = "a".repeat(128);
    String tooLong = "a".repeat(129);
    // 128 characters is an identifier: who may call decides (a member of another org).
    assertProblem(api.get("/v1/orgs/" + longest + "/security", memberToken), 403, "FORBIDDEN");
    // (Targets that are no URI at all, such as "a%ZZ", never reach keyfob: the HTTP server in
    // front refuses them, as API Gateway does.)
    for (String bad : List.of(tooLong, "a%20b", "a%2Fb", "a%23b", "%C3%A4", "a%00b", "a*b",
        "a%25b", "a,b", "%F0%9F%94%91", "%FF", "%2E", "a;b", "a=b", "a!b", "%25ZZ")) {
      Reply r = api.rawRequest("GET", "/v1/orgs/" + bad + "/security",
          Map.of("Authorization", "Bearer " + memberToken), new byte[0]);
      assertProblem(r, 400, "INVALID_REQUEST");
    }
    String resets = "/v1/orgs/" + org + "/two-factor/resets";
    for (String bad : List.of(tooLong, "a b", "a/b", "a#b", "\u00e4", "", "a\u0000b")) {
      assertProblem(api.post(resets, memberToken, Map.of("userIds", List.of("ok", bad),
          "reason", "r")), 400, "INVALID_REQUEST");
      assertProblem(api.post("/v1/support/two-factor/resets", memberToken,
          Map.of("userId", bad, "ticket", "t", "reason", "r")), 400, "INVALID_REQUEST");
    }
  }

  @Test
  void percentEncodedIdentifierCharactersAreDecoded() {
    String ownOrg = Ids.unique("acme") + "@x.y:z+1";
    String admin = api.idToken(DevToken.admin(Ids.unique("admin"), ownOrg));
    String encoded = ownOrg.replace("@", "%40").replace(":", "%3A").replace("+", "%2B");
    Reply r = api.get("/v1/orgs/" + encoded + "/security", admin);
    assertEquals(200, r.status(), r.toString());
    assertEquals(ownOrg, r.json().get("orgId"));
  }

  @Test
  void successIsJsonAndProblemsAreProblemJson() {
    Reply status = api.get("/v1/me/two-factor", memberToken);
    assertEquals(200, status.status());
    assertEquals("application/json", status.header("Content-Type").orElse("").split(";")[0]);
    Reply problem = api.get("/v1/me/two-factor", null);
    assertNotEquals(200, problem.status());
    assertEquals("application/problem+json",
        problem.header("Content-Type").orElse("").split(";")[0]);
  }
}
