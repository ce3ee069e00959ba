package dev.keyfob.local.browser;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.local.DevTokenRequest;
import dev.keyfob.local.Fixtures;
import dev.keyfob.local.LocalApiServer;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.OffsetClock;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local API with the repository's template.yaml and web/ for a test class (register it as
 * a static {@code @RegisterExtension} field), on a free port, with its own table in the JVM's
 * emulator ({@link AwsEmulator}) and an {@link OffsetClock}, which is back on the real time
 * after each test. Also the test's direct
 * line to the API, for arranging the state a browser journey starts from: tokens from the
 * development identity provider, enrollment, org settings.
 */
final class KeyfobUnderTest implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final Map<String, String> environment = new LinkedHashMap<>(Fixtures.QUICK_STACK);
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
    environment.putIfAbsent("KEYFOB_TABLE_NAME", "keyfob-browser-" + UUID.randomUUID());
    server = LocalApiServer.builder()
        .templatePath(Repo.root().resolve("template.yaml"))
        .webRoot(Repo.root().resolve("web"))
        .awsEndpoint(AwsEmulator.shared().endpoint())
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

  /** An identity-provider token of keyfob support staff (platform role "support"). */
  String supportToken(String sub, String orgId, String... amr) {
    return server.issueToken(DevTokenRequest.builder(sub, orgId, "member").amr(amr)
        .platformRole("support").build());
  }

  /** An admin with a fresh password sign-in requires 2FA in the org (no grace period). */
  void requireTwoFactor(String orgId, String adminSub) {
    Response r = call("PUT", "/v1/orgs/" + orgId + "/security/two-factor",
        token(adminSub, orgId, "admin", "pwd"), Map.of("enabled", true, "gracePeriodDays", 0));
    r.expect(200);
  }

  /**
   * An admin with a fresh password sign-in lets the org's members remember a browser for
   * {@code days} (0: off), leaving the 2FA requirement as it is. The admin must have no factor.
   */
  void rememberBrowsers(String orgId, String adminSub, int days) {
    String token = token(adminSub, orgId, "admin", "pwd");
    Object required = call("GET", "/v1/orgs/" + orgId + "/security", token, null).expect(200)
        .json().get("twoFactorRequired");
    call("PUT", "/v1/orgs/" + orgId + "/security/two-factor", token,
        Map.of("enabled", required, "rememberDeviceDays", days)).expect(200);
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
    return new Enrolled(sub, orgId, secret, List.copyOf(codes), (String) confirmed.get("mfaToken"));
  }

  /** A fresh MFA token for an enrolled user, from a code through the API (recent MFA). */
  String verify(Enrolled who, String role) {
    return (String) call("POST", "/v1/me/two-factor/verify", token(who.sub(), who.orgId(), role, "pwd"),
        Map.of("code", oathtool.nextCode(who.secret()))).expect(200).json().get("mfaToken");
  }

  /**
   * Adds a software security key beside the user's app, through the API as a browser on this
   * server's origin would (with the MFA token of their enrollment, which must be recent).
   */
  @SuppressWarnings("unchecked")
  void addSoftwareKey(Enrolled who, String name) {
    Map<String, Object> started = call("POST", "/v1/me/two-factor/webauthn/registrations",
        who.mfaToken(), Map.of()).expect(201).json();
    Map<String, Object> options = (Map<String, Object>) started.get("publicKey");
    String rpId = (String) ((Map<String, Object>) options.get("rp")).get("id");
    byte[] challenge = Base64.getUrlDecoder().decode((String) options.get("challenge"));
    Map<String, Object> credential = SoftwareAuthenticator.securityKey()
        .makeCredential(challenge, rpId, baseUri().toString()).build().asMap();
    call("POST", "/v1/me/two-factor/webauthn/registrations/confirm", who.mfaToken(),
        Map.of("registrationId", started.get("registrationId"), "credential", credential,
            "name", name)).expect(200);
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

  /**
   * A user enrolled through the API: the secret, the recovery codes it was shown and the MFA
   * token of the confirm.
   */
  record Enrolled(String sub, String orgId, String secret, List<String> recoveryCodes,
      String mfaToken) {}

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
