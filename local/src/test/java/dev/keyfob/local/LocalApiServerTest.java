package dev.keyfob.local;

import static dev.keyfob.local.Fixtures.get;
import static dev.keyfob.local.Fixtures.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local API in-process, with the fixture template's fake handlers, against moto. */
class LocalApiServerTest {

  private static final Fixtures.CapturingStream LOG = new Fixtures.CapturingStream();
  private static LocalApiServer server;

  @BeforeAll
  static void start() {
    server = Fixtures.server().log(LOG).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void routesByMethodAndPathAndPassesPathParameters() {
    HttpResponse<String> r = get(server.uri("/v1/orgs/acme%20co/security"));
    assertEquals(200, r.statusCode());
    assertEquals("OrgSecurityFunction", r.headers().firstValue("x-function").orElseThrow());
    Map<String, Object> event = LocalJson.parseObject(r.body());
    assertEquals("GET /v1/orgs/{orgId}/security", event.get("routeKey"));
    assertEquals(Map.of("orgId", "acme co"), event.get("pathParameters"));

    HttpResponse<String> put = send(HttpRequest.newBuilder(
            server.uri("/v1/orgs/acme/security/two-factor"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":true}"))
        .header("Content-Type", "application/json"));
    assertEquals("PUT /v1/orgs/{orgId}/security/two-factor",
        LocalJson.parseObject(put.body()).get("routeKey"));

    HttpResponse<String> delete = send(HttpRequest.newBuilder(server.uri("/v1/me/two-factor"))
        .DELETE());
    assertEquals("PersonalFunction", delete.headers().firstValue("x-function").orElseThrow());
    assertEquals("DELETE /v1/me/two-factor", LocalJson.parseObject(delete.body()).get("routeKey"));
  }

  @Test
  void greedyRouteAndMoreSpecificLiteralRoute() {
    HttpResponse<String> files = get(server.uri("/v1/files/a/b.txt"));
    assertEquals("FilesFunction", files.headers().firstValue("x-function").orElseThrow());
    assertEquals(Map.of("proxy", "a/b.txt"),
        LocalJson.parseObject(files.body()).get("pathParameters"));
    HttpResponse<byte[]> special = Fixtures.sendBytes(
        HttpRequest.newBuilder(server.uri("/v1/files/special")).GET());
    assertEquals(200, special.statusCode());
    assertArrayEquals(BinaryHandler.bytes(), special.body(), "base64 body decoded on the wire");
    assertEquals("application/octet-stream",
        special.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void unknownPathGoesToTheDefaultRoute() {
    HttpResponse<String> r = get(server.uri("/v1/nothing/here?x=1"));
    assertEquals("DefaultFunction", r.headers().firstValue("x-function").orElseThrow());
    Map<String, Object> event = LocalJson.parseObject(r.body());
    assertEquals("$default", event.get("routeKey"));
    assertNull(event.get("pathParameters"));
    assertEquals("$default", ((Map<?, ?>) event.get("requestContext")).get("routeKey"));
  }

  @Test
  void wrongMethodOnAKnownPathGoesToTheDefaultRouteLikeApiGateway() {
    HttpResponse<String> r = send(HttpRequest.newBuilder(server.uri("/v1/me/two-factor"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals("DefaultFunction", r.headers().firstValue("x-function").orElseThrow());
    assertEquals("$default", LocalJson.parseObject(r.body()).get("routeKey"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void eventHasTheApiGatewayPayloadFormat2Shape() {
    HttpResponse<String> r = send(HttpRequest.newBuilder(
            server.uri("/v1/orgs/acme/security?limit=5&tag=a&tag=b"))
        .header("X-Mixed-Case", "one")
        .header("X-Mixed-Case", "two")
        .header("Cookie", "a=1; b=2")
        .header("User-Agent", "keyfob-test")
        .GET());
    Map<String, Object> e = LocalJson.parseObject(r.body());
    assertEquals("2.0", e.get("version"));
    assertEquals("GET /v1/orgs/{orgId}/security", e.get("routeKey"));
    assertEquals("/v1/orgs/acme/security", e.get("rawPath"));
    assertEquals("limit=5&tag=a&tag=b", e.get("rawQueryString"));
    assertEquals(Map.of("limit", "5", "tag", "a,b"), e.get("queryStringParameters"));
    assertEquals(List.of("a=1", "b=2"), e.get("cookies"));
    Map<String, String> headers = (Map<String, String>) e.get("headers");
    assertEquals("one,two", headers.get("x-mixed-case"));
    assertTrue(headers.keySet().stream().allMatch(k -> k.equals(k.toLowerCase())), "" + headers);
    assertEquals("localhost:" + server.port(), headers.get("host"));
    assertEquals(Map.of("orgId", "acme"), e.get("pathParameters"));
    assertNull(e.get("stageVariables"));
    assertNull(e.get("body"));
    assertEquals(false, e.get("isBase64Encoded"));

    Map<String, Object> c = (Map<String, Object>) e.get("requestContext");
    assertEquals("123456789012", c.get("accountId"));
    assertEquals("local", c.get("apiId"));
    assertEquals("localhost", c.get("domainName"));
    assertEquals("$default", c.get("stage"));
    String requestId = (String) c.get("requestId");
    assertEquals(requestId, r.headers().firstValue("apigw-requestid").orElseThrow());
    assertEquals(requestId, r.headers().firstValue("x-aws-request-id").orElseThrow(),
        "Lambda's request id is the API request id");
    assertTrue(((String) c.get("time")).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"),
        (String) c.get("time"));
    long epoch = ((Number) c.get("timeEpoch")).longValue();
    assertTrue(Math.abs(epoch - Instant.now().toEpochMilli()) < 60_000);
    Map<String, Object> http = (Map<String, Object>) c.get("http");
    assertEquals("GET", http.get("method"));
    assertEquals("/v1/orgs/acme/security", http.get("path"));
    assertEquals("HTTP/1.1", http.get("protocol"));
    assertEquals("127.0.0.1", http.get("sourceIp"));
    assertEquals("keyfob-test", http.get("userAgent"));

    String other = LocalJson.parseObject(get(server.uri("/v1/orgs/acme/security")).body())
        .get("requestContext").toString();
    assertFalse(other.contains(requestId), "every request gets a fresh id");
  }

  @Test
  void textBodiesArriveAsTextAndBinaryBodiesAsBase64() {
    HttpResponse<String> text = send(HttpRequest.newBuilder(
            server.uri("/v1/me/two-factor/enrollment"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"é\"}")));
    Map<String, Object> e = LocalJson.parseObject(text.body());
    assertEquals("{\"x\":\"é\"}", e.get("body"));
    assertEquals(false, e.get("isBase64Encoded"));

    byte[] bytes = {0, 1, 2, (byte) 0xff};
    HttpResponse<String> binary = send(HttpRequest.newBuilder(
            server.uri("/v1/me/two-factor/enrollment"))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    Map<String, Object> b = LocalJson.parseObject(binary.body());
    assertEquals(true, b.get("isBase64Encoded"));
    assertArrayEquals(bytes, Base64.getDecoder().decode((String) b.get("body")));
  }

  @Test
  void responseStatusHeadersCookiesAndBodyAreWrittenBack() {
    HttpResponse<String> r = get(server.uri("/v1/me/two-factor?status=418"));
    assertEquals(418, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    assertEquals("no-store", r.headers().firstValue("cache-control").orElseThrow());
    assertEquals(List.of("a", "b"), r.headers().allValues("x-multi"));
    assertEquals(List.of("session=abc; Path=/; HttpOnly", "theme=dark"),
        r.headers().allValues("set-cookie"));
    assertEquals("GET /v1/me/two-factor", LocalJson.parseObject(r.body()).get("routeKey"));
    int remaining = Integer.parseInt(r.headers().firstValue("x-remaining-ms").orElseThrow());
    assertTrue(remaining > 25_000 && remaining <= 30_000, "Timeout 30 s of PersonalFunction");
    assertEquals("512", r.headers().firstValue("x-memory-mb").orElseThrow());
  }

  @Test
  void eachHandlerClassIsBuiltOnceWithOneSharedAppAndLocalSettings() {
    HttpResponse<String> a = get(server.uri("/v1/orgs/acme/security"));
    HttpResponse<String> b = get(server.uri("/v1/me/two-factor"));
    HttpResponse<String> c = get(server.uri("/v1/unknown"));
    assertEquals(a.headers().firstValue("x-instance"), b.headers().firstValue("x-instance"));
    assertEquals(a.headers().firstValue("x-instance"), c.headers().firstValue("x-instance"));
    assertEquals(String.valueOf(System.identityHashCode(server.app())),
        a.headers().firstValue("x-app").orElseThrow());
    assertEquals("keyfob-local", a.headers().firstValue("x-table").orElseThrow());
    assertEquals("http://localhost:" + server.port() + "/dev/jwks.json",
        a.headers().firstValue("x-jwks").orElseThrow());
    assertEquals(server.baseUri().toString(), a.headers().firstValue("x-issuer").orElseThrow());
  }

  @Test
  void bodyOverOneMebibyteIsRefusedBeforeAnyHandler() {
    byte[] exactly = new byte[LocalDispatcher.MAX_BODY_BYTES];
    HttpResponse<String> ok = send(HttpRequest.newBuilder(
            server.uri("/v1/me/two-factor/enrollment"))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(exactly)));
    assertEquals(200, ok.statusCode(), "1 MiB exactly is accepted");

    byte[] tooMuch = new byte[LocalDispatcher.MAX_BODY_BYTES + 1];
    HttpResponse<String> r = send(HttpRequest.newBuilder(
            server.uri("/v1/me/two-factor/enrollment"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tooMuch)));
    assertEquals(413, r.statusCode());
    assertProblem(r, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void throwingOrNullReturningHandlerGives500Problem() {
    HttpResponse<String> thrown = get(server.uri("/v1/fail"));
    assertEquals(500, thrown.statusCode());
    assertProblem(thrown, "INTERNAL");
    assertFalse(thrown.body().contains("boom"), "no exception text reaches the client");
    assertTrue(LOG.text().contains("function FailingFunction threw java.lang.IllegalStateException"));

    HttpResponse<String> nothing = get(server.uri("/v1/null"));
    assertEquals(500, nothing.statusCode());
    assertProblem(nothing, "INTERNAL");
  }

  @Test
  void devTokenVerifiesAgainstTheDevJwksWithAllClaims() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(server.uri("/dev/token"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"sub": "alice", "orgId": "acme", "role": "admin", "amr": ["pwd", "magic_link"],
             "authTimeSecondsAgo": 30, "pwdSet": false, "platformRole": "support"}""")));
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    SignedJWT jwt = SignedJWT.parse((String) LocalJson.parseObject(r.body()).get("token"));

    HttpResponse<String> jwks = get(server.uri("/dev/jwks.json"));
    assertEquals(200, jwks.statusCode());
    RSAKey key = (RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertTrue(jwt.verify(new RSASSAVerifier(key)));

    JWTClaimsSet c = jwt.getJWTClaimsSet();
    long now = Instant.now().getEpochSecond();
    assertEquals(server.settings().idpIssuer(), c.getIssuer());
    assertEquals("http://localhost:" + server.port() + "/dev", c.getIssuer());
    assertEquals(List.of("keyfob-local"), c.getAudience());
    assertEquals("alice", c.getSubject());
    assertEquals("alice@example.com", c.getStringClaim("email"));
    assertEquals("acme", c.getStringClaim("org_id"));
    assertEquals("admin", c.getStringClaim("org_role"));
    assertEquals(List.of("pwd", "magic_link"), c.getStringListClaim("amr"));
    assertTrue(Math.abs(c.getLongClaim("auth_time") - (now - 30)) <= 5);
    assertEquals(Boolean.FALSE, c.getBooleanClaim("pwd_set"));
    assertEquals("support", c.getStringClaim("platform_role"));
    long iat = c.getIssueTime().toInstant().getEpochSecond();
    assertTrue(Math.abs(iat - now) <= 5);
    assertEquals(iat + 3600, c.getExpirationTime().toInstant().getEpochSecond());
    assertTrue(c.getJWTID() != null && !c.getJWTID().isEmpty());
  }

  @Test
  void devIdentityProviderSignsWithTheAlgorithmOfItsSettingAndRefusesAnyOther() throws Exception {
    SamTemplate empty = TemplateReader.parse(
        "Resources: {A: {Type: AWS::Serverless::HttpApi}}", "inline");
    try (LocalApiServer es = LocalApiServer.builder().template(empty).port(0)
        .awsEndpoint(server.awsEndpoint()).processEnvironment(Map.of())
        .environment(Map.of("KEYFOB_DEV_IDP_ALGORITHM", "ES256")).log(LOG).start()) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(es.uri("/dev/token"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("""
              {"sub": "alice", "orgId": "acme", "role": "admin", "amr": ["pwd"]}""")));
      assertEquals(200, r.statusCode(), r.body());
      SignedJWT jwt = SignedJWT.parse((String) LocalJson.parseObject(r.body()).get("token"));
      assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
      ECKey key = (ECKey) JWKSet.parse(get(es.uri("/dev/jwks.json")).body())
          .getKeyByKeyId(jwt.getHeader().getKeyID());
      assertTrue(jwt.verify(new ECDSAVerifier(key)));
    }
    int port = Fixtures.freePort();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalApiServer.builder().template(empty).port(port)
            .awsEndpoint(server.awsEndpoint()).processEnvironment(Map.of())
            .environment(Map.of("KEYFOB_DEV_IDP_ALGORITHM", "HS256")).log(LOG).start());
    assertEquals("KEYFOB_DEV_IDP_ALGORITHM must be RS256 or ES256", e.getMessage());
    try (LocalApiServer again = LocalApiServer.builder().template(empty).port(port)
        .awsEndpoint(server.awsEndpoint()).processEnvironment(Map.of()).log(LOG).start()) {
      assertEquals(port, again.port(), "the refused start released its port");
    }
  }

  @Test
  void negativeExpiresInSecondsGivesAnExpiredToken() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(server.uri("/dev/token"))
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"sub": "bob", "orgId": "acme", "role": "member", "amr": ["pwd"],
             "expiresInSeconds": -300}""")));
    assertEquals(200, r.statusCode());
    JWTClaimsSet c = SignedJWT.parse((String) LocalJson.parseObject(r.body()).get("token"))
        .getJWTClaimsSet();
    assertTrue(c.getExpirationTime().toInstant().isBefore(Instant.now().minusSeconds(240)));
  }

  @Test
  void devTokenRefusesBadInputWithProblemJson() {
    HttpResponse<String> notJson = send(HttpRequest.newBuilder(server.uri("/dev/token"))
        .POST(HttpRequest.BodyPublishers.ofString("sub=alice")));
    assertEquals(400, notJson.statusCode());
    assertProblem(notJson, "INVALID_REQUEST");
    assertTrue(notJson.body().contains("not valid JSON"), notJson.body());

    HttpResponse<String> missing = send(HttpRequest.newBuilder(server.uri("/dev/token"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"a\",\"orgId\":\"o\",\"role\":\"member\"}")));
    assertEquals(400, missing.statusCode());
    assertTrue(missing.body().contains("amr is required"), missing.body());

    HttpResponse<String> wrongMethod = get(server.uri("/dev/token"));
    assertEquals(405, wrongMethod.statusCode());
    assertEquals("POST", wrongMethod.headers().firstValue("allow").orElseThrow());
    assertProblem(wrongMethod, "METHOD_NOT_ALLOWED");

    HttpResponse<String> unknown = get(server.uri("/dev/other"));
    assertEquals(404, unknown.statusCode());
    assertProblem(unknown, "NOT_FOUND");
  }

  @Test
  void staticWebAppIsServedWithContentTypes() {
    HttpResponse<String> index = get(server.uri("/"));
    assertEquals(200, index.statusCode());
    assertTrue(index.body().contains("fixture web app"));
    assertEquals("text/html; charset=utf-8",
        index.headers().firstValue("content-type").orElseThrow());
    assertEquals("no-store", index.headers().firstValue("cache-control").orElseThrow());
    assertEquals("text/css; charset=utf-8",
        get(server.uri("/style.css")).headers().firstValue("content-type").orElseThrow());
    assertEquals("text/javascript; charset=utf-8",
        get(server.uri("/app.js")).headers().firstValue("content-type").orElseThrow());
    assertEquals("image/svg+xml",
        get(server.uri("/logo.svg")).headers().firstValue("content-type").orElseThrow());
    HttpResponse<byte[]> png = Fixtures.sendBytes(
        HttpRequest.newBuilder(server.uri("/img/pixel.png")).GET());
    assertEquals("image/png", png.headers().firstValue("content-type").orElseThrow());
    assertEquals((byte) 0x89, png.body()[0]);

    HttpResponse<String> head = send(HttpRequest.newBuilder(server.uri("/index.html"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void apiPathsAndMissingFilesNeverServeStaticContent() {
    HttpResponse<String> missing = get(server.uri("/no-such-page.html"));
    assertEquals("DefaultFunction", missing.headers().firstValue("x-function").orElseThrow(),
        "a missing file falls to the $default route");
    HttpResponse<String> api = get(server.uri("/v1/index.html"));
    assertEquals("DefaultFunction", api.headers().firstValue("x-function").orElseThrow());
  }

  @Test
  void directoryTraversalIsRefused() {
    for (String target : List.of("/../pom.xml", "/%2e%2e/pom.xml", "/%2E%2E/%2e%2e/pom.xml",
        "/img/..%2f..%2f..%2fpom.xml", "/..%5c..%5cpom.xml", "/./index.html",
        "/v1/../../pom.xml")) {
      String response = Fixtures.rawGet(server.port(), target);
      assertTrue(response.startsWith("HTTP/1.1 400"), target + " -> " + response);
      assertFalse(response.contains("<project"), target);
      assertTrue(response.contains("INVALID_REQUEST"), target);
    }
  }

  @Test
  void concurrentRequestsRunInParallel() throws Exception {
    int parallel = 8;
    LatchHandler.latch = new CountDownLatch(parallel);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      calls.add(Fixtures.HTTP.sendAsync(HttpRequest.newBuilder(server.uri("/v1/latch"))
              .timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> r = call.get(30, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("together", r.body());
    }
  }

  @Test
  void corsPreflightIsAnsweredFromTheTemplate() {
    HttpResponse<String> allowed = send(HttpRequest.newBuilder(server.uri("/v1/me/two-factor"))
        .header("Origin", "http://app.example")
        .header("Access-Control-Request-Method", "DELETE")
        .header("Access-Control-Request-Headers", "authorization")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, allowed.statusCode());
    assertEquals("http://app.example",
        allowed.headers().firstValue("access-control-allow-origin").orElseThrow());
    assertEquals("GET,POST,PUT,DELETE",
        allowed.headers().firstValue("access-control-allow-methods").orElseThrow());
    assertEquals("authorization,content-type",
        allowed.headers().firstValue("access-control-allow-headers").orElseThrow());
    assertEquals("600", allowed.headers().firstValue("access-control-max-age").orElseThrow());

    HttpResponse<String> foreign = send(HttpRequest.newBuilder(server.uri("/v1/me/two-factor"))
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "DELETE")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, foreign.statusCode());
    assertTrue(foreign.headers().firstValue("access-control-allow-origin").isEmpty());
  }

  @Test
  void corsHeadersOfTheApiReplaceTheFunctions() {
    HttpResponse<String> allowed = get(server.uri("/v1/me/two-factor"),
        "Origin", "http://app.example");
    assertEquals(List.of("http://app.example"),
        allowed.headers().allValues("access-control-allow-origin"));
    assertEquals("retry-after",
        allowed.headers().firstValue("access-control-expose-headers").orElseThrow());
    HttpResponse<String> none = get(server.uri("/v1/me/two-factor"));
    assertTrue(none.headers().firstValue("access-control-allow-origin").isEmpty(),
        "the function's own CORS header is dropped");
  }

  @Test
  void oneLogLinePerRequestWithoutBodiesOrAuthorization() {
    String secret = "Bearer very-secret-token-value";
    HttpResponse<String> r = send(HttpRequest.newBuilder(
            server.uri("/v1/me/two-factor/enrollment?cursor=abc"))
        .header("Authorization", secret)
        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"987654\"}")));
    String requestId = r.headers().firstValue("apigw-requestid").orElseThrow();
    String log = LOG.text();
    List<String> lines = log.lines().filter(l -> l.contains(requestId)).toList();
    assertEquals(1, lines.size(), log);
    String line = lines.get(0);
    assertTrue(line.contains("POST /v1/me/two-factor/enrollment 200 "), line);
    assertTrue(line.matches(".* \\d+ms .*"), line);
    assertFalse(log.contains("very-secret-token-value"));
    assertFalse(log.contains("987654"));
  }

  @Test
  void serverWithoutDefaultRouteAnswers404And405Itself() {
    SamTemplate noDefault = TemplateReader.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.keyfob.local.EchoHandler::handleRequest
              Events:
                Get: {Type: HttpApi, Properties: {Path: /v1/me/two-factor, Method: GET}}
                Del: {Type: HttpApi, Properties: {Path: /v1/me/two-factor, Method: DELETE}}
        """, "inline");
    try (LocalApiServer other = LocalApiServer.builder().template(noDefault)
        .awsEndpoint(server.awsEndpoint()).processEnvironment(Map.of()).log(LOG).start()) {
      assertFalse(other.startedMoto());
      assertNotEquals(server.port(), other.port());
      HttpResponse<String> notFound = get(other.uri("/v1/nope"));
      assertEquals(404, notFound.statusCode());
      assertProblem(notFound, "NOT_FOUND");
      HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(other.uri("/v1/me/two-factor"))
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertEquals(405, wrongMethod.statusCode());
      assertEquals("DELETE, GET", wrongMethod.headers().firstValue("allow").orElseThrow());
      assertProblem(wrongMethod, "METHOD_NOT_ALLOWED");
      HttpResponse<String> root = get(other.uri("/"));
      assertEquals(404, root.statusCode(), "no web root, no static files");
    }
  }

  @Test
  void settingsLayersReachHandlersAndIntrinsicCorsOriginsComeFromTheSetting() {
    SamTemplate t = TemplateReader.parse("""
        Resources:
          Api:
            Type: AWS::Serverless::HttpApi
            Properties:
              CorsConfiguration:
                AllowOrigins: !Split [",", !Ref AllowedOrigins]
                AllowMethods: [GET]
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.keyfob.local.EchoHandler::handleRequest
              Events: {Get: {Type: HttpApi, Properties: {Path: /v1/me/two-factor, Method: GET}}}
        """, "inline");
    try (LocalApiServer other = LocalApiServer.builder().template(t)
        .awsEndpoint(server.awsEndpoint())
        .processEnvironment(Map.of(
            "KEYFOB_TABLE_NAME", "keyfob-from-process",
            "KEYFOB_CORS_ALLOWED_ORIGINS", "http://one.example, http://two.example"))
        .environment("KEYFOB_TABLE_NAME", "keyfob-from-builder")
        .log(LOG).start()) {
      HttpResponse<String> r = get(other.uri("/v1/me/two-factor"), "Origin", "http://two.example");
      assertEquals("keyfob-from-builder", r.headers().firstValue("x-table").orElseThrow());
      assertEquals("http://two.example",
          r.headers().firstValue("access-control-allow-origin").orElseThrow());
      HttpResponse<String> foreign = get(other.uri("/v1/me/two-factor"),
          "Origin", "http://three.example");
      assertTrue(foreign.headers().firstValue("access-control-allow-origin").isEmpty());
    }
  }

  @Test
  void startFailsClearlyForAMissingHandlerClassAndReleasesThePort() {
    int port = Fixtures.freePort();
    SamTemplate broken = TemplateReader.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.keyfob.local.NoSuchHandler::handleRequest
              Events: {Get: {Type: HttpApi, Properties: {Path: /x, Method: GET}}}
        """, "inline");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalApiServer.builder().template(broken).port(port)
            .awsEndpoint(server.awsEndpoint()).processEnvironment(Map.of()).log(LOG).start());
    assertTrue(e.getMessage().contains("function Fn: handler class"
        + " dev.keyfob.local.NoSuchHandler is not on the classpath"), e.getMessage());
    SamTemplate empty = TemplateReader.parse(
        "Resources: {A: {Type: AWS::Serverless::HttpApi}}", "inline");
    try (LocalApiServer again = LocalApiServer.builder().template(empty).port(port)
        .awsEndpoint(server.awsEndpoint()).processEnvironment(Map.of()).log(LOG).start()) {
      assertEquals(port, again.port());
    }
  }

  @Test
  void baseUriSaysLocalhost() {
    assertEquals(URI.create("http://localhost:" + server.port()), server.baseUri());
    assertTrue(server.startedMoto() || System.getenv("AWS_ENDPOINT_URL") != null);
  }

  private static void assertProblem(HttpResponse<String> r, String code) {
    assertEquals("application/problem+json",
        r.headers().firstValue("content-type").orElseThrow());
    Map<String, Object> p = LocalJson.parseObject(r.body());
    assertEquals(code, p.get("code"));
    assertEquals(r.statusCode(), ((Number) p.get("status")).intValue());
    assertTrue(((String) p.get("type")).startsWith("https://keyfob.dev/problems/"));
    assertTrue(p.get("title") instanceof String);
    assertTrue(p.get("detail") instanceof String);
  }
}
