package dev.keyfob.local.adversarial;

import static dev.keyfob.local.contract.ContractAssertions.STATUS_OF;
import static dev.keyfob.local.contract.ContractAssertions.assertCommonHeaders;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import dev.keyfob.local.contract.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Attack class: input, fuzzed with jqwik over real HTTP against an in-process local API. Every
 * route gets random JSON of random shapes and types (with the route's real field names mixed
 * in, escaped lone surrogates, long strings and deep nesting), random bytes (invalid UTF-8
 * included) under random content types and of sizes around 16 KiB, mutated {@code
 * Authorization} headers, random path parameters (Unicode, percent-encoded, long) and query
 * parameters, and random methods on random paths. The invariant of every try: never a 5xx;
 * every error is {@code application/problem+json} with the contract's members, status and
 * headers; and a 4xx changes nothing in the table, except the failure counters that a wrong
 * code legitimately changes (401 INVALID_CODE and INVALID_RECOVERY_CODE, and a wrong confirm
 * code), which are excluded exactly.
 */
class InputFuzzTest {

  private static final int MAX_BODY = 16 * 1024;
  private static final Set<String> COUNTERS =
      Set.of("totpFailures", "totpLockedUntil", "rcFailures", "rcLockedUntil", "writeId");
  private static final List<String> FIELDS = List.of("code", "recoveryCode", "enrollmentId",
      "enabled", "gracePeriodDays", "userIds", "reason", "userId", "ticket");

  private static Sandbox sandbox;
  private static Api api;
  private static String org;
  private static Flows.Enrolled member;
  private static Flows.Enrolled admin;
  private static String adminMfa;
  private static String memberMfa;
  private static String supportMfa;
  private static String newcomer;
  private static List<Target> bodyRoutes;
  private static TableSnapshot baseline;

  /** A route with the token that reaches its rules. */
  record Target(String method, String path, String token) {}

  @BeforeContainer
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
    org = Ids.unique("org");
    member = Flows.enrolledUser(api, sandbox.clock, org, false);
    admin = Flows.enrolledUser(api, sandbox.clock, org, true);
    adminMfa = admin.mfaToken();
    memberMfa = member.mfaToken();
    String supportId = Ids.unique("support");
    supportMfa = Flows.enroll(api, sandbox.clock, supportId, org,
        api.idToken(DevToken.member(supportId, org).support())).mfaToken();
    newcomer = api.idToken(DevToken.member(Ids.unique("newcomer"), org));
    api.post("/v1/me/two-factor/enrollment", newcomer, "{}");
    Flows.Enrolled leaver = Flows.enrolledUser(api, sandbox.clock, org, false);
    bodyRoutes = List.of(
        new Target("POST", "/v1/me/two-factor/enrollment", newcomer),
        new Target("POST", "/v1/me/two-factor/enrollment/confirm", newcomer),
        new Target("POST", "/v1/me/two-factor/verify", member.idToken()),
        new Target("POST", "/v1/me/two-factor/recover", member.idToken()),
        new Target("POST", "/v1/me/two-factor/recovery-codes", memberMfa),
        new Target("DELETE", "/v1/me/two-factor", leaver.mfaToken()),
        new Target("GET", "/v1/me/two-factor", member.idToken()),
        new Target("PUT", "/v1/orgs/" + org + "/security/two-factor", adminMfa),
        new Target("PUT", "/v1/orgs/" + org + "/security/sso", adminMfa),
        new Target("POST", "/v1/orgs/" + org + "/two-factor/resets", adminMfa),
        new Target("POST", "/v1/support/two-factor/resets", supportMfa),
        new Target("GET", "/v1/orgs/" + org + "/members", adminMfa),
        new Target("GET", "/.well-known/jwks.json", null));
    baseline = sandbox.snapshot();
  }

  @AfterContainer
  static void stop() {
    sandbox.close();
  }

  // ---------------------------------------------------------------- the invariant

  /**
   * Never a 5xx; errors are contract problems; a 4xx changes nothing but a wrong code's
   * counters. Keeps the baseline snapshot current for the next try.
   */
  private static void check(Reply r, String method) {
    assertTrue(r.status() < 500, "a client's request got a 5xx: " + r);
    assertCommonHeaders(r);
    TableSnapshot after = sandbox.snapshot();
    if (r.status() >= 400) {
      if (!method.equals("HEAD")) {
        String code = r.code();
        assertTrue(code != null && STATUS_OF.containsKey(code), "a contract problem: " + r);
        assertProblem(r, r.status(), code);
      }
      for (String diff : baseline.differencesTo(after)) {
        assertTrue(allowedOnFailure(r.code(), diff), "a " + r.status() + " changed the table: "
            + diff + " (" + r + ")");
      }
    }
    baseline = after;
  }

  private static boolean allowedOnFailure(String code, String diff) {
    if (!"INVALID_CODE".equals(code) && !"INVALID_RECOVERY_CODE".equals(code)) {
      return false;
    }
    if (diff.startsWith("changed USER#") && diff.contains(" | STATE [")) {
      String names = diff.substring(diff.indexOf('[') + 1, diff.length() - 1);
      return COUNTERS.containsAll(List.of(names.split(", ")));
    }
    return diff.startsWith("added ORG#") && diff.contains(" | AUDIT#")
        || diff.matches("changed USER#\\S+ \\| ENROLLMENT \\[failures\\]")
        || diff.matches("removed USER#\\S+ \\| ENROLLMENT");
  }

  // ---------------------------------------------------------------- properties

  @Property(tries = 250)
  void anyJsonOnAnyRouteIsAnsweredWithinTheContract(@ForAll("targets") Target target,
      @ForAll("jsonBodies") String body) {
    Reply r = api.send(api.request(target.method(), target.path()).bearer(target.token())
        .json(body));
    check(r, target.method());
    int size = body.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BODY) {
      assertProblem(r, 413, "PAYLOAD_TOO_LARGE");
    } else {
      assertNotEquals(413, r.status(), "a body of " + size + " bytes is not too large");
    }
  }

  @Property(tries = 150)
  void anyBytesUnderAnyContentTypeAreAnsweredWithinTheContract(
      @ForAll("targets") Target target, @ForAll("bytes") byte[] body,
      @ForAll("contentTypes") String contentType) {
    Api.Request request = api.request(target.method(), target.path()).bearer(target.token())
        .body(body);
    if (!contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }
    Reply r = api.send(request);
    check(r, target.method());
    if (body.length > MAX_BODY) {
      assertProblem(r, 413, "PAYLOAD_TOO_LARGE");
    } else {
      assertNotEquals(413, r.status(), "a body of " + body.length + " bytes is not too large");
    }
  }

  @Property(tries = 150)
  void mutatedAuthorizationHeadersAreUnauthenticatedOrTheSameCaller(
      @ForAll("authorizations") String authorization, @ForAll boolean regenerate) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", authorization);
    headers.put("Content-Type", "application/json");
    Reply r = regenerate
        ? api.rawRequest("POST", "/v1/me/two-factor/recovery-codes", headers,
            "{}".getBytes(StandardCharsets.UTF_8))
        : api.rawRequest("GET", "/v1/me/two-factor", headers, new byte[0]);
    check(r, "POST");
    assertTrue(Set.of(200, 401, 403).contains(r.status()), r.toString());
    if (r.status() == 401) {
      assertEquals("UNAUTHENTICATED", r.code());
    }
  }

  @Property(tries = 200)
  void anyOrgIdInThePathIsAnsweredWithinTheContract(@ForAll("pathSegments") String segment,
      @ForAll("orgRoutes") String route) {
    Reply r = api.rawRequest("GET", "/v1/orgs/" + segment + route,
        Map.of("Authorization", "Bearer " + adminMfa), new byte[0]);
    check(r, "GET");
    assertTrue(Set.of(200, 400, 403, 404).contains(r.status()), r.toString());
    String orgId = dev.keyfob.http.Identifiers.fromPath(segment);
    if (r.status() == 200) {
      assertEquals(org, orgId, "the admin of " + org + " reached another org: " + segment);
    }
    // A '.' or '..' segment is refused as a path before any route sees it.
    boolean dotSegment = ".".equals(orgId) || "..".equals(orgId);
    if (dev.keyfob.http.Identifiers.valid(orgId) && !orgId.equals(org) && !dotSegment) {
      assertEquals(403, r.status(), "another org's " + route + ": " + r);
      assertEquals("FORBIDDEN", r.code());
    }
  }

  @Property(tries = 100)
  void anyQueryIsAnsweredWithinTheContract(@ForAll("queryValues") String limit,
      @ForAll("queryValues") String cursor, @ForAll boolean audit) {
    String path = "/v1/orgs/" + org + (audit ? "/audit-events" : "/members") + "?limit="
        + limit + "&cursor=" + cursor;
    Reply r = api.rawRequest("GET", path, Map.of("Authorization", "Bearer " + adminMfa),
        new byte[0]);
    check(r, "GET");
    assertTrue(Set.of(200, 400).contains(r.status()), r.toString());
  }

  @Property(tries = 150)
  void anyMethodOnAnyPathIsAnsweredWithinTheContract(@ForAll("methods") String method,
      @ForAll("paths") String path, @ForAll boolean withToken) {
    Map<String, String> headers = withToken ? Map.of("Authorization", "Bearer " + memberMfa)
        : Map.of();
    Reply r = api.rawRequest(method, path, headers, new byte[0]);
    check(r, method);
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Target> targets() {
    return Arbitraries.of(bodyRoutes);
  }

  @Provide
  Arbitrary<String> jsonBodies() {
    Arbitrary<String> plausible = Combinators.combine(
        Arbitraries.of(FIELDS).list().ofMinSize(1).ofMaxSize(4).uniqueElements(),
        json(2).list().ofSize(4))
        .as((names, values) -> {
          StringBuilder b = new StringBuilder("{");
          for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(names.get(i))).append(':')
                .append(values.get(i));
          }
          return b.append('}').toString();
        });
    Arbitrary<String> huge = Arbitraries.integers().between(MAX_BODY - 40, MAX_BODY + 40)
        .map(n -> "{\"reason\":\"" + "r".repeat(Math.max(0, n - 14)) + "\"}");
    Arbitrary<String> deep = Arbitraries.integers().between(100, 3000)
        .map(n -> "[".repeat(n) + "]".repeat(n));
    return Arbitraries.frequencyOf(Tuple.of(6, plausible), Tuple.of(3, json(3)),
        Tuple.of(1, huge), Tuple.of(1, deep));
  }

  /** JSON text of depth at most {@code depth}. */
  private static Arbitrary<String> json(int depth) {
    Arbitrary<String> scalars = Arbitraries.oneOf(
        Arbitraries.of("null", "true", "false", "0", "-0", "1e400", "-1.5E-7", "30", "31",
            "123456", "9007199254740993", "1" + "0".repeat(30)),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.doubles().filter(Double::isFinite).map(String::valueOf),
        strings().map(InputFuzzTest::quote));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<String> lower = json(depth - 1);
    Arbitrary<String> arrays = lower.list().ofMaxSize(4)
        .map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> objects = Combinators.combine(
        Arbitraries.oneOf(Arbitraries.of(FIELDS), strings()).list().ofMaxSize(4),
        lower.list().ofSize(4))
        .as((keys, values) -> {
          StringBuilder b = new StringBuilder("{");
          for (int i = 0; i < keys.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(keys.get(i))).append(':')
                .append(values.get(i));
          }
          return b.append('}').toString();
        });
    return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, arrays),
        Tuple.of(2, objects));
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(24),
        Arbitraries.strings().numeric().ofMinLength(5).ofMaxLength(7),
        Arbitraries.strings().withChars("23456789hkmrtwxyHKMRTWXY- ").ofMinLength(14)
            .ofMaxLength(22),
        Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMinLength(1).ofMaxLength(3),
        Arbitraries.of("", " ", "user-1", "acme", "\u0000", "\ufeff", "\u202e"),
        Arbitraries.integers().between(100, 600).map("x"::repeat));
  }

  /** A JSON string literal; everything outside printable ASCII is a \\u escape. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.integers().between(0, 64)),
        Tuple.of(2, Arbitraries.integers().between(65, 4096)),
        Tuple.of(3, Arbitraries.integers().between(MAX_BODY - 8, MAX_BODY + 8)));
    Arbitrary<Byte> anyByte = Arbitraries.bytes();
    Arbitrary<Byte> highByte = Arbitraries.bytes().between((byte) 0x80, (byte) 0xff);
    return sizes.flatMap(n -> Arbitraries.frequencyOf(Tuple.of(1, anyByte),
            Tuple.of(1, highByte))
        .array(byte[].class).ofSize(n));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("", "application/json", "application/json; charset=utf-8",
        "application/json; charset=iso-8859-1", "text/plain", "application/octet-stream",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png",
        "application/problem+json", "x/y; charset=ebcdic", ";;;");
  }

  @Provide
  Arbitrary<String> authorizations() {
    String token = member.mfaToken();
    Arbitrary<String> truncated = Arbitraries.integers().between(0, token.length() - 1)
        .map(i -> "Bearer " + token.substring(0, i));
    Arbitrary<String> flipped = Combinators.combine(
        Arbitraries.integers().between(0, token.length() - 1),
        Arbitraries.chars().range('!', '~'))
        .as((i, c) -> "Bearer " + token.substring(0, i) + c + token.substring(i + 1));
    Arbitrary<String> inserted = Combinators.combine(
        Arbitraries.integers().between(0, token.length()),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(4).withCharRange('!', '~'))
        .as((i, s) -> "Bearer " + token.substring(0, i) + s + token.substring(i));
    Arbitrary<String> schemes = Arbitraries.of("Bearer", "bearer", "BEARER", "Basic", "Token",
        "Bearer:", "Bearer  ", "", "JWT", "Digest")
        .map(s -> s + " " + token);
    Arbitrary<String> doubled = Arbitraries.of(",", ", ", " ", ";")
        .map(sep -> "Bearer " + token + sep + "Bearer " + token);
    Arbitrary<String> garbage = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60)
        .map(s -> "Bearer " + s);
    return Arbitraries.oneOf(truncated, flipped, inserted, schemes, doubled, garbage);
  }

  @Provide
  Arbitrary<String> orgRoutes() {
    return Arbitraries.of("/security", "/members", "/audit-events");
  }

  @Provide
  Arbitrary<String> pathSegments() {
    Arbitrary<String> anyText = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
        .map(InputFuzzTest::percentEncodeSome);
    Arbitrary<String> identifiers = Arbitraries.strings().withChars(
        "abcXYZ019._@:+-").ofMinLength(1).ofMaxLength(140);
    // Only valid request targets: one that is not a URI at all ("%%", "%u0041") is refused by
    // the JDK's HTTP server before the local API sees it, as API Gateway refuses it itself.
    Arbitrary<String> tricky = Arbitraries.of(org, org.toUpperCase(), org + "%2F", "%2e%2e",
        "..%2F" + org, org + "%00", "%25" + org, "%25%25", "%25u0041", "%C0%AE", "%FF%FE",
        "a%2Fb", "~", "*", "'", "(x)", "$", ";", "=", "&");
    return Arbitraries.oneOf(anyText, identifiers, tricky);
  }

  /** Percent-encodes what a request target cannot carry raw, and some of what it can. */
  private static String percentEncodeSome(String s) {
    StringBuilder b = new StringBuilder();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
      if (unreserved && (i % 3 != 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  @Provide
  Arbitrary<String> queryValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(30).map(InputFuzzTest::percentEncodeSome),
        Arbitraries.integers().between(-5, 200).map(String::valueOf),
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzAB0123456789-_")
            .ofMaxLength(60),
        Arbitraries.of("", "1", "100", "050", "1e1", "%31", "bTF8YSNi", "YTF8eA"));
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO",
        "get", "Post");
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.oneOf(
        Arbitraries.of("v1", "me", "two-factor", "enrollment", "confirm", "verify", "recover",
            "recovery-codes", "orgs", org, "security", "sso", "members", "two-factor",
            "resets", "support", "audit-events", ".well-known", "jwks.json", "dev", "", "%2F",
            "%20", "v2", "..", "."),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12)
            .map(InputFuzzTest::percentEncodeSome));
    // A target starting "//" reads as an authority to the JDK's HTTP server, which answers
    // 404 itself before the local API sees the request; API Gateway has no such server.
    return segment.list().ofMinSize(0).ofMaxSize(7).map(parts -> {
      List<String> p = new ArrayList<>(parts);
      return ("/" + String.join("/", p)).replaceFirst("^/+", "/");
    });
  }
}
