package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.keyfob.http.Json;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The signing-key rotation function as CloudFormation's custom resource (the first key at deploy
 * time, answered through the response URL) and as the scheduled rotation.
 */
@ExtendWith(AwsEmulator.class)
class SigningKeyRotationHandlerTest {

  private TestKeyfob keyfob;
  private HttpServer cloudFormation;
  private final List<Map<String, Object>> answers = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private volatile int answerStatus = 200;

  @BeforeEach
  void setUp(Emulator emulator) throws IOException {
    keyfob = TestKeyfob.start(emulator);
    cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloudFormation.createContext("/", exchange -> {
      contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) Json.parse(
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      answers.add(body);
      exchange.sendResponseHeaders(answerStatus, -1);
      exchange.close();
    });
    cloudFormation.start();
  }

  @AfterEach
  void tearDown() {
    cloudFormation.stop(0);
    keyfob.close();
  }

  private Map<String, Object> sample(String requestType) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> event = new HashMap<>((Map<String, Object>) Json.parse(Files.readString(
        SamTemplate.repoRoot().resolve("events/first-signing-key.json"))));
    event.put("RequestType", requestType);
    event.put("ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort()
        + "/presigned?X-Amz-Signature=abc");
    return event;
  }

  private String activeKid() {
    return keyfob.app.signingKeys().activeSigningKey().getKeyID();
  }

  @Test
  void createKeepsAnExistingKeyAndAnswersCloudFormationWithIt() throws Exception {
    String kid = activeKid();
    SigningKeyRotationHandler handler = new SigningKeyRotationHandler(keyfob.app);
    Map<String, Object> result = handler.handleRequest(sample("Create"), null);
    assertEquals(kid, result.get("activeKid"), "the first key is made once only");
    assertEquals(1, answers.size());
    Map<String, Object> answer = answers.get(0);
    assertEquals("SUCCESS", answer.get("Status"));
    assertEquals(CustomResourceResponse.PHYSICAL_RESOURCE_ID, answer.get("PhysicalResourceId"));
    assertEquals("FirstSigningKey", answer.get("LogicalResourceId"));
    assertEquals("3d2a7c4e-5f60-4a1b-9c8d-7e6f5a4b3c2d", answer.get("RequestId"));
    assertEquals(Map.of("ActiveKid", kid), answer.get("Data"));
    assertEquals(List.of(""), contentTypes, "the pre-signed URL is signed without a type");
  }

  @Test
  void createOnAnEmptyTableMakesTheFirstKey(Emulator emulator) throws Exception {
    try (TestKeyfob empty = TestKeyfob.startWithoutSigningKey(emulator)) {
      SigningKeyRotationHandler handler = new SigningKeyRotationHandler(empty.app);
      Map<String, Object> result = handler.handleRequest(sample("Create"), null);
      assertEquals(empty.app.signingKeys().activeSigningKey().getKeyID(),
          result.get("activeKid"));
      assertEquals("SUCCESS", answers.get(0).get("Status"));
    }
  }

  @Test
  void deleteKeepsEveryKeyAndUpdateChangesNothing() throws Exception {
    String kid = activeKid();
    SigningKeyRotationHandler handler = new SigningKeyRotationHandler(keyfob.app);
    handler.handleRequest(sample("Delete"), null);
    handler.handleRequest(sample("Update"), null);
    assertEquals(kid, activeKid());
    assertEquals(List.of("SUCCESS", "SUCCESS"), answers.stream().map(a -> a.get("Status"))
        .toList());
  }

  @Test
  void aFailureIsReportedToCloudFormationWithoutDetailsAndRethrown(Emulator emulator)
      throws Exception {
    try (TestKeyfob noKey = TestKeyfob.startWithoutSigningKey(emulator,
        Map.of("KEYFOB_KMS_KEY_ID", "alias/no-such-key"))) {
      SigningKeyRotationHandler handler = new SigningKeyRotationHandler(noKey.app);
      assertThrows(RuntimeException.class, () -> handler.handleRequest(sample("Create"), null));
      assertEquals("FAILED", answers.get(0).get("Status"));
      String reason = (String) answers.get(0).get("Reason");
      assertTrue(reason.startsWith("could not create the first signing key"), reason);
    }
  }

  @Test
  void aScheduledEventRotates() {
    String before = activeKid();
    SigningKeyRotationHandler handler = new SigningKeyRotationHandler(keyfob.app);
    Map<String, Object> result = handler.handleRequest(Map.of("source", "aws.scheduler"), null);
    assertNotEquals(before, result.get("activeKid"));
    assertEquals(result.get("activeKid"), activeKid());
    assertTrue(answers.isEmpty(), "no CloudFormation answer for a schedule");
  }
}
