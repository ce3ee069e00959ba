package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event under {@code events/} through the handler the template routes it to,
 * against the emulator, with the placeholder token replaced by a real one; each function's
 * policy in the template must grant every AWS action the request needed (moto does not check
 * IAM, so this is where a missing permission shows).
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

  static Stream<String> events() throws Exception {
    try (Stream<Path> files = Files.list(SamTemplate.repoRoot().resolve("events"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void sampleEventIsAnsweredByItsFunctionAsTheContractSays(String file) throws Exception {
    Path path = SamTemplate.repoRoot().resolve("events").resolve(file);
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(path.toString());
    if (event.getHeaders() != null && event.getHeaders().containsKey("authorization")) {
      Map<String, String> headers = new HashMap<>(event.getHeaders());
      headers.put("authorization", "Bearer "
          + (file.equals("support-reset.json") ? supportToken : adminMfaToken));
      event.setHeaders(headers);
    }
    SamTemplate.Function function = functionFor(event.getRouteKey());
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = handlerOf(function);
    iam.reset();
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    java.util.Set<String> granted = SamTemplate.load().allowedActions(function.logicalId());
    assertTrue(granted.containsAll(iam.actions()), function.logicalId() + " needs "
        + iam.actions() + " but template.yaml grants " + granted);
    assertTrue(EXPECTED.containsKey(file), "no expectation for " + file);
    assertEquals(EXPECTED.get(file), response.getStatusCode(), file + ": " + response.getBody());
    assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    assertEquals(event.getRequestContext().getRequestId(),
        response.getHeaders().get("X-Request-Id"));
  }

  private static SamTemplate.Function functionFor(String routeKey) throws Exception {
    for (SamTemplate.Function f : SamTemplate.load().functions()) {
      if (f.routeKeys().contains(routeKey)) {
        return f;
      }
    }
    throw new AssertionError("no function routes " + routeKey);
  }

  @SuppressWarnings("unchecked")
  private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handlerOf(
      SamTemplate.Function function) throws Exception {
    return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
        Class.forName(function.handlerClass()).getConstructor(KeyfobApp.class)
            .newInstance(keyfob.app);
  }
}
