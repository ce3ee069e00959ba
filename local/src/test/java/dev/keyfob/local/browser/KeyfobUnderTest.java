package dev.keyfob.local.browser;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.local.DevTokenRequest;
import dev.keyfob.local.LocalApiServer;
import dev.keyfob.testkit.OffsetClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local API with the repository's template.yaml and web/ for a test class (register it as
 * a static {@code @RegisterExtension} field), on a free port, with its own moto_server and an
 * {@link OffsetClock}, which is back on the real time after each test. Also the test's direct
 * line to the API, for arranging the state a browser journey starts from: tokens from the
 * development identity provider, enrollment, org settings.
 */
final class KeyfobUnderTest implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final OffsetClock clock = new OffsetClock();
  private final Oathtool oathtool = new Oathtool(clock);
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private LocalApiServer server;

  /** A {@code KEYFOB_*} setting for the server, before it starts. */
  KeyfobUnderTest with(String name, String value) {
    environment.put(name, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = LocalApiServer.builder()
        .templatePath(Repo.root().resolve("template.yaml"))
        .webRoot(Repo.root().resolve("web"))
        .port(0)
        .processEnvironment(Map.of())
        .environment(environment)
        .clock(clock)
        .log(new PrintStream(log, true, StandardCharsets.UTF_8))
        .start();
  }

  /** A test that let time pass leaves the next one on the real clock (users differ per test). */
  @Override
  public void afterEach(ExtensionContext context) {
    clock.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
      Path logFile = Repo.root().resolve("local/target/screenshots/"
          + context.getRequiredTestClass().getSimpleName() + "-server.log");
      Files.createDirectories(logFile.getParent());
      Files.write(logFile, log.toByteArray());
    }
  }

  URI baseUri() {
    return server.baseUri();
  }

  OffsetClock clock() {
    return clock;
  }

  Oathtool oathtool() {
    return oathtool;
  }

  /** The server's log so far (request lines and handler output). */
  String serverLog() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** An identity-provider token from the development identity provider. */
  String token(String sub, String orgId, String role, String... amr) {
    return server.issueToken(DevTokenRequest.builder(sub, orgId, role).amr(amr).build());
  }

  /** An admin with a fresh password sign-in requires 2FA in the org (no grace period). */
  void requireTwoFactor(String orgId, String adminSub) {
    Response r = call("PUT", "/v1/orgs/" + orgId + "/security/two-factor",
        token(adminSub, orgId, "admin", "pwd"), Map.of("enabled", true, "gracePeriodDays", 0));
    r.expect(200);
  }

  /** An admin with a fresh password sign-in turns SSO on for the org. */
  void enableSso(String orgId, String adminSub) {
    call("PUT", "/v1/orgs/" + orgId + "/security/sso", token(adminSub, orgId, "admin", "pwd"),
        Map.of("enabled", true)).expect(200);
  }

  /**
   * Enrolls a user with a password sign-in through the API, confirming with an oathtool code.
   * The user must have no factor yet.
   */
  Enrolled enroll(String sub, String orgId, String role) {
    String token = token(sub, orgId, role, "pwd");
    Map<String, Object> started = call("POST", "/v1/me/two-factor/enrollment", token, Map.of())
        .expect(201).json();
    String secret = (String) started.get("secret");
    Map<String, Object> confirmed = call("POST", "/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.get("enrollmentId"), "code", oathtool.nextCode(secret)))
        .expect(200).json();
    @SuppressWarnings("unchecked")
    List<String> codes = (List<String>) confirmed.get("recoveryCodes");
    return new Enrolled(sub, orgId, secret, List.copyOf(codes));
  }

  /** Sends one request to the API. */
  Response call(String method, String path, String token, Map<String, ?> body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(method + " " + path, r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A user enrolled through the API: the secret and the recovery codes it was shown. */
  record Enrolled(String sub, String orgId, String secret, List<String> recoveryCodes) {}

  /** An API answer. */
  record Response(String request, int status, String body) {

    Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError(request + ": expected " + expected + ", got " + status + " "
            + body);
      }
      return this;
    }

    Map<String, Object> json() {
      try {
        return body == null || body.isEmpty() ? Map.of() : JSON.std.mapFrom(body);
      } catch (IOException e) {
        throw new AssertionError(request + ": not JSON: " + body, e);
      }
    }
  }
}
