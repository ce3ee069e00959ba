package dev.keyfob.testing;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.http.ApiDispatcher;
import dev.keyfob.http.ApiRequest;
import dev.keyfob.http.ApiResponse;
import dev.keyfob.http.Cors;
import dev.keyfob.http.Endpoints;
import dev.keyfob.http.Json;
import dev.keyfob.http.RequestLog;
import dev.keyfob.store.TableDefinition;
import dev.keyfob.store.memory.InMemoryStorage;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.FaultProxy;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.testkit.TestIdentityProvider;
import dev.keyfob.testkit.TotpSteps;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * keyfob with a movable clock and a test identity provider, driven through the same
 * {@link ApiDispatcher} the Lambda handlers use, on one of two backings: the emulator (a fresh
 * table and KMS key, keyfob's own AWS clients), for what depends on storage, KMS or the SDK; or
 * the in-memory fakes ({@link InMemoryStorage}, {@link LocalEnvelopeCipher}), for the rules, which
 * the repository contract suites let run without the emulator. Request logs are captured so tests
 * can scan them for leaked secrets.
 */
public final class TestKeyfob implements AutoCloseable {

  public static final String MFA_ISSUER = "https://keyfob.test";
  public static final String MFA_AUDIENCE = "keyfob-test-host";
  /** The one origin WebAuthn responses may come from; the RP ID is its host. */
  public static final String WEBAUTHN_ORIGIN = "https://app.keyfob.test";

  public final MutableClock clock;
  public final TestIdentityProvider idp;
  public final KeyfobApp app;
  /** The emulator's table; null on the in-memory fakes. */
  public final String table;
  /** The emulator's KMS key; null on the in-memory fakes. */
  public final String kmsKeyId;
  /** The fakes' storage; null on the emulator. */
  public final InMemoryStorage memory;
  private final ApiDispatcher api;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  private TestKeyfob(Emulator emulator, Map<String, String> overrides, java.net.URI endpoint,
      boolean firstSigningKey, ExecutionInterceptor... interceptors) {
    this.clock = MutableClock.atStepStart();
    this.idp = TestIdentityProvider.start(clock);
    this.table = emulator.newTable(TableDefinition::create);
    this.kmsKeyId = emulator.newKmsKey();
    this.memory = null;
    this.app = new KeyfobApp(settings(table, kmsKeyId, overrides),
        EmulatorClients.via(endpoint == null ? emulator.endpoint() : endpoint, interceptors),
        clock, () -> FakeWebAuthn.FACTORY);
    this.api = dispatcher(firstSigningKey);
  }

  private TestKeyfob(Map<String, String> overrides, boolean firstSigningKey) {
    this.clock = MutableClock.atStepStart();
    this.idp = TestIdentityProvider.start(clock);
    this.table = null;
    this.kmsKeyId = null;
    this.memory = new InMemoryStorage();
    this.app = new KeyfobApp(settings("in-memory", "in-memory", overrides), memory,
        new LocalEnvelopeCipher(), clock, () -> FakeWebAuthn.FACTORY);
    this.api = dispatcher(firstSigningKey);
  }

  private KeyfobSettings settings(String table, String kmsKeyId, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("KEYFOB_TABLE_NAME", table);
    env.put("KEYFOB_KMS_KEY_ID", kmsKeyId);
    env.put("KEYFOB_IDP_ISSUER", TestIdentityProvider.ISSUER);
    env.put("KEYFOB_IDP_AUDIENCE", TestIdentityProvider.AUDIENCE);
    env.put("KEYFOB_IDP_JWKS_URL", idp.jwksUrl().toString());
    env.put("KEYFOB_ISSUER", MFA_ISSUER);
    env.put("KEYFOB_MFA_AUDIENCE", MFA_AUDIENCE);
    env.put("KEYFOB_RECOVERY_CODE_ITERATIONS", "1000");
    env.put("KEYFOB_WEBAUTHN_ORIGINS", WEBAUTHN_ORIGIN);
    env.putAll(overrides);
    return KeyfobSettings.fromEnvironment(env);
  }

  private ApiDispatcher dispatcher(boolean firstSigningKey) {
    if (firstSigningKey) {
      // As a deployment's custom resource does: the first signing key, before any request.
      app.signingKeyRotation().ensureFirstKey();
    }
    return new ApiDispatcher(new Endpoints(app.services()).all(),
        new Cors(app.settings().corsAllowedOrigins()),
        new RequestLog(new PrintStream(logs, true, StandardCharsets.UTF_8)));
  }

  /** keyfob on the in-memory fakes, with its first signing key. */
  public static TestKeyfob inMemory() {
    return new TestKeyfob(Map.of(), true);
  }

  /** {@link #inMemory()} with these settings. */
  public static TestKeyfob inMemory(Map<String, String> overrides) {
    return new TestKeyfob(overrides, true);
  }

  public static TestKeyfob start(Emulator emulator) {
    return new TestKeyfob(emulator, Map.of(), null, true);
  }

  public static TestKeyfob start(Emulator emulator, Map<String, String> overrides,
      ExecutionInterceptor... interceptors) {
    return new TestKeyfob(emulator, overrides, null, true, interceptors);
  }

  /** keyfob on a table that has no signing key yet, as before the first deployment finished. */
  public static TestKeyfob startWithoutSigningKey(Emulator emulator) {
    return new TestKeyfob(emulator, Map.of(), null, false);
  }

  /** {@link #startWithoutSigningKey(Emulator)} with these settings. */
  public static TestKeyfob startWithoutSigningKey(Emulator emulator,
      Map<String, String> overrides) {
    return new TestKeyfob(emulator, overrides, null, false);
  }

  /** keyfob whose AWS calls go to {@code endpoint} (e.g. a {@link FaultProxy}). */
  public static TestKeyfob through(Emulator emulator, java.net.URI endpoint) {
    return new TestKeyfob(emulator, Map.of(), endpoint, true);
  }

  /** A request through the full pipeline. */
  public Response call(String method, String path, String token, String body) {
    Map<String, String> headers = new HashMap<>();
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
    }
    String query = null;
    int q = path.indexOf('?');
    Map<String, String> params = new LinkedHashMap<>();
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    ApiRequest request = new ApiRequest(method, path, "$default", Map.of(), params, headers,
        body, UUID.randomUUID().toString());
    ApiResponse r = api.handle(request);
    return new Response(r.status(), r.headers(), r.body());
  }

  public Response get(String path, String token) {
    return call("GET", path, token, null);
  }

  public Response post(String path, String token, Object body) {
    return call("POST", path, token, body == null ? null : Json.write(body));
  }

  public Response put(String path, String token, Object body) {
    return call("PUT", path, token, body == null ? null : Json.write(body));
  }

  public Response patch(String path, String token, Object body) {
    return call("PATCH", path, token, body == null ? null : Json.write(body));
  }

  public Response delete(String path, String token) {
    return call("DELETE", path, token, null);
  }

  /**
   * Registers {@code key} for the token's user (start and confirm), which must succeed; returns
   * the confirm's answer.
   */
  @SuppressWarnings("unchecked")
  public Response register(String token, FakeWebAuthn.Key key) {
    Response started = post("/v1/me/two-factor/webauthn/registrations", token, Map.of());
    if (started.status() != 201) {
      throw new AssertionError("registration start failed: " + started);
    }
    String challenge = (String) ((Map<String, Object>) started.json().get("publicKey"))
        .get("challenge");
    Response confirmed = post("/v1/me/two-factor/webauthn/registrations/confirm", token,
        Map.of("registrationId", started.string("registrationId"),
            "credential", key.register(challenge)));
    if (confirmed.status() != 200) {
      throw new AssertionError("registration confirm failed: " + confirmed);
    }
    return confirmed;
  }

  /** Starts an assertion and returns its id and challenge. */
  @SuppressWarnings("unchecked")
  public String[] startAssertion(String token) {
    Response started = post("/v1/me/two-factor/webauthn/assertions", token, Map.of());
    if (started.status() != 201) {
      throw new AssertionError("assertion start failed: " + started);
    }
    return new String[] {started.string("assertionId"),
        (String) ((Map<String, Object>) started.json().get("publicKey")).get("challenge")};
  }

  /** Signs in with {@code key} (a new assertion), answering whatever the API answers. */
  public Response signInWith(String token, FakeWebAuthn.Key key) {
    String[] assertion = startAssertion(token);
    return post("/v1/me/two-factor/webauthn/assertions/verify", token,
        Map.of("assertionId", assertion[0], "credential", key.sign(assertion[1])));
  }

  /** A member's password sign-in token. */
  public TestIdentityProvider.Token user(String userId, String orgId) {
    return idp.token(userId, orgId);
  }

  /** Everything the request log printed so far. */
  public String logs() {
    return logs.toString(StandardCharsets.UTF_8);
  }

  /** The TOTP code of {@code secret} at the current clock. */
  public String code(byte[] secret) {
    return new Totp(clock).codeAt(secret, Totp.stepAt(clock.instant()));
  }

  /** Moves to the next time step and returns its code, so it was never used before. */
  public String nextCode(byte[] secret) {
    TotpSteps.awaitNextStep(clock);
    return code(secret);
  }

  /** Starts and confirms an enrollment for the token's user. */
  public Enrolled enroll(String idpToken) {
    Response started = post("/v1/me/two-factor/enrollment", idpToken, Map.of());
    if (started.status() != 201) {
      throw new AssertionError("enrollment start failed: " + started);
    }
    byte[] secret = Base32.decode(started.string("secret"));
    Response confirmed = post("/v1/me/two-factor/enrollment/confirm", idpToken,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", code(secret)));
    if (confirmed.status() != 200) {
      throw new AssertionError("enrollment confirm failed: " + confirmed);
    }
    @SuppressWarnings("unchecked")
    List<String> codes = (List<String>) confirmed.json().get("recoveryCodes");
    return new Enrolled(secret, codes, confirmed.string("mfaToken"));
  }

  @Override
  public void close() {
    idp.close();
  }

  /** A user's enrolled factor as the test knows it. */
  public record Enrolled(byte[] secret, List<String> recoveryCodes, String mfaToken) {}

  /** A response with JSON helpers. */
  public record Response(int status, Map<String, String> headers, String body) {

    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
      try {
        return body == null || body.isEmpty() ? Map.of() : (Map<String, Object>) Json.parse(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String string(String field) {
      return (String) json().get(field);
    }

    /** The problem code, or null for a success. */
    public String code() {
      return string("code");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
