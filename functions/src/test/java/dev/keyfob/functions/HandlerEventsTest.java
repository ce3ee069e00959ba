package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event under {@code events/} through the handler the template routes it to (or,
 * for the rotation schedule's event, the function it is scheduled for), against the emulator,
 * with the placeholder token replaced by a real one, handed over as the Lambda Java runtime hands
 * it to a stream handler (the file's bytes) and the response JSON read back with the runtime's
 * own serializer, as the runtime would return it to API Gateway; each function's policies in the template
 * (its role's statements and the KMS key policy) must grant every AWS request it made, with the
 * partition keys and encryption context it used (moto does not check IAM, so this is where a
 * missing permission shows; see {@link IamPolicies}).
 */
@ExtendWith(AwsEmulator.class)
class HandlerEventsTest {

  /** Status each sample event gets for an enrolled admin of acme with a fresh MFA token. */
  private static final Map<String, Integer> EXPECTED = Map.ofEntries(
      Map.entry("get-status.json", 200),
      Map.entry("start-enrollment.json", 201),
      Map.entry("confirm-enrollment.json", 404),
      Map.entry("verify.json", 401),
      Map.entry("recover.json", 401),
      Map.entry("regenerate-recovery-codes.json", 200),
      Map.entry("remove-two-factor.json", 204),
      Map.entry("get-org-security.json", 200),
      Map.entry("set-org-two-factor.json", 200),
      Map.entry("set-org-sso.json", 200),
      Map.entry("list-members.json", 200),
      Map.entry("remove-member.json", 204),
      Map.entry("admin-resets.json", 200),
      Map.entry("support-reset.json", 200),
      Map.entry("list-audit-events.json", 200),
      Map.entry("jwks.json", 200),
      Map.entry("remove-totp.json", 409),
      Map.entry("device-sign-in.json", 403),
      Map.entry("forget-devices.json", 204),
      Map.entry("start-registration.json", 201),
      Map.entry("confirm-registration.json", 404),
      Map.entry("list-credentials.json", 200),
      Map.entry("rename-credential.json", 404),
      Map.entry("remove-credential.json", 404),
      Map.entry("start-assertion.json", 409),
      Map.entry("verify-assertion.json", 409),
      Map.entry("unmatched.json", 404));

  private final IamActionRecorder iam = new IamActionRecorder();
  private TestKeyfob keyfob;
  private String adminMfaToken;
  private String supportToken;

  @BeforeEach
  void setUp(Emulator emulator) {
    keyfob = TestKeyfob.start(emulator, Map.of(), iam);
    adminMfaToken = keyfob.enroll(keyfob.user("ada", "acme").admin().sign()).mfaToken();
    supportToken = keyfob.user("sue", "keyfob-ops").support().amr("sso").sign();
    // mo, whom the member removal sample forgets, is a member of acme.
    keyfob.get("/v1/me/two-factor", keyfob.user("mo", "acme").sign());
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
  }

  /** The API Gateway samples; the others are for the signing-key rotation function. */
  static Stream<String> events() throws Exception {
    try (Stream<Path> files = Files.list(SamTemplate.repoRoot().resolve("events"))) {
      return files.filter(HandlerEventsTest::isApiGatewayEvent)
          .map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  private static boolean isApiGatewayEvent(Path file) {
    try {
      return Files.readString(file).contains("\"routeKey\"");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The function the schedule's sample, {@code events/scheduled-rotation.json}, is for. */
  private static final String ROTATION = "SigningKeyRotationFunction";

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void sampleEventIsAnsweredByItsFunctionAsTheContractSays(String file) throws Exception {
    Path path = SamTemplate.repoRoot().resolve("events").resolve(file);
    String json = Files.readString(path, StandardCharsets.UTF_8).replace(
        "Bearer REPLACE_WITH_A_TOKEN",
        "Bearer " + (file.equals("support-reset.json") ? supportToken : adminMfaToken));
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(path.toString());
    SamTemplate.Function function = functionFor(event.getRouteKey());
    RequestStreamHandler handler = handlerOf(function);
    iam.reset();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out,
        null);
    APIGatewayV2HTTPResponse response = JacksonFactory.getInstance()
        .getSerializer(APIGatewayV2HTTPResponse.class)
        .fromJson(new ByteArrayInputStream(out.toByteArray()));
    IamPolicies policies = new IamPolicies(SamTemplate.load());
    assertTrue(!iam.requests().isEmpty() || file.equals("unmatched.json"), "no AWS call?");
    for (IamPolicies.Request needed : iam.requests()) {
      assertTrue(policies.allows(function.logicalId(), needed), function.logicalId()
          + " needs " + needed + " but template.yaml does not grant it");
    }
    assertTrue(EXPECTED.containsKey(file), "no expectation for " + file);
    assertEquals(EXPECTED.get(file), response.getStatusCode(), file + ": " + response.getBody());
    assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    assertEquals(event.getRequestContext().getRequestId(),
        response.getHeaders().get("X-Request-Id"));
  }

  @Test
  void scheduledSampleRotatesTheSigningKeyWithOnlyTheActionsTheTemplateGrants() throws Exception {
    Path path = SamTemplate.repoRoot().resolve("events/scheduled-rotation.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> event = EventLoader.loadEvent(path.toString(), Map.class);
    String before = keyfob.app.signingKeys().activeSigningKey().getKeyID();
    iam.reset();

    Map<String, Object> answer =
        new SigningKeyRotationHandler(keyfob.app).handleRequest(event, null);

    IamPolicies policies = new IamPolicies(SamTemplate.load());
    assertTrue(!iam.requests().isEmpty(), "the rotation made AWS calls");
    for (IamPolicies.Request needed : iam.requests()) {
      assertTrue(policies.allows(ROTATION, needed),
          ROTATION + " needs " + needed + " but template.yaml does not grant it");
    }
    String after = (String) answer.get("activeKid");
    assertNotEquals(before, after, "a new key is active");
    assertEquals(after, keyfob.app.signingKeys().activeSigningKey().getKeyID());
  }

  /** The sample is what the schedule sends: the template's Input with its values filled in. */
  @Test
  void scheduledSampleHasTheShapeOfTheSchedulesInput(@TempDir Path dir) throws Exception {
    String input = SamTemplate.load().scheduleInput(ROTATION)
        .orElseThrow(() -> new AssertionError("the rotation schedule has no Input"));
    @SuppressWarnings("unchecked")
    Map<String, Object> template = EventLoader.loadEvent(
        Files.writeString(dir.resolve("schedule-input.json"), input).toString(),
        Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> sample = EventLoader.loadEvent(
        SamTemplate.repoRoot().resolve("events/scheduled-rotation.json").toString(), Map.class);
    assertEquals(template.keySet(), sample.keySet());
    template.forEach((name, value) -> {
      if (value instanceof String s && s.matches("<aws\\.scheduler\\.[a-z-]+>")) {
        assertTrue(sample.get(name) instanceof String filled && !filled.isBlank()
            && !filled.contains("<"), name + " is filled in: " + sample.get(name));
      } else {
        assertEquals(value, sample.get(name), name);
      }
    });
  }

  private static SamTemplate.Function functionFor(String routeKey) throws Exception {
    for (SamTemplate.Function f : SamTemplate.load().functions()) {
      if (f.routeKeys().contains(routeKey)) {
        return f;
      }
    }
    throw new AssertionError("no function routes " + routeKey);
  }

  private RequestStreamHandler handlerOf(SamTemplate.Function function) throws Exception {
    return (RequestStreamHandler) Class.forName(function.handlerClass())
        .getConstructor(KeyfobApp.class).newInstance(keyfob.app);
  }
}
