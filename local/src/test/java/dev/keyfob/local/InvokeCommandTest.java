package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.store.TableDefinition;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code invoke} in a child JVM, as a developer or a cold-start measurement would run it. */
@ExtendWith(AwsEmulator.class)
class InvokeCommandTest {

  @Test
  void printsTheResponseJsonOnStdoutAndExitsZero(Emulator emulator) {
    Result r = invoke(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString()),
        "OrgSecurityFunction", Fixtures.resource("events/get-security.json").toString());
    assertEquals(0, r.status, r.stderr);
    List<String> lines = r.stdout.lines().toList();
    assertEquals(1, lines.size(), "stdout holds the response JSON alone: " + r.stdout);
    Map<String, Object> response = LocalJson.parseObject(lines.get(0));
    assertEquals(200, response.get("statusCode"));
    assertEquals(false, response.get("isBase64Encoded"));
    @SuppressWarnings("unchecked")
    Map<String, String> headers = (Map<String, String>) response.get("headers");
    assertEquals("OrgSecurityFunction", headers.get("X-Function"));
    assertEquals("invoke-request-1", headers.get("X-Aws-Request-Id"),
        "the event's request id becomes Lambda's");
    Map<String, Object> event = LocalJson.parseObject((String) response.get("body"));
    assertEquals("GET /v1/orgs/{orgId}/security", event.get("routeKey"));
    assertEquals(Map.of("orgId", "acme"), event.get("pathParameters"));
    assertEquals("eyJ0ZXN0IjoiYm9keSJ9", event.get("body"));
    assertEquals(true, event.get("isBase64Encoded"));
    assertTrue(r.stderr.contains("echo handler ran for OrgSecurityFunction"),
        "handler logs go to stderr: " + r.stderr);
    assertFalse(r.stderr.contains("SLF4J"), "no logging-binding warnings: " + r.stderr);
    assertTrue(r.stderr.matches("(?s).*REPORT RequestId: invoke-request-1 Init Duration: [0-9.]+ ms"
        + " Duration: [0-9.]+ ms.*"), r.stderr);
  }

  @Test
  void readsTheEventFromStdinWithDash(Emulator emulator) throws IOException {
    Result r = invokeWithStdin(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString()),
        Files.readString(Fixtures.resource("events/get-security.json")),
        "PersonalFunction", "-");
    assertEquals(0, r.status, r.stderr);
    assertEquals(200, LocalJson.parseObject(r.stdout.strip()).get("statusCode"));
  }

  @Test
  void withoutAnEndpointItStartsMotoAndCreatesTableAndKey() {
    Assumptions.assumeTrue(MotoServer.installed(), "moto_server is not installed");
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "");
    Result r = invoke(env, "PersonalFunction",
        Fixtures.resource("events/get-security.json").toString());
    assertEquals(0, r.status, r.stderr);
    assertTrue(r.stderr.contains("started moto_server"), r.stderr);
    assertTrue(r.stderr.contains("created DynamoDB table keyfob-local"), r.stderr);
    assertTrue(r.stderr.contains("as alias/keyfob-local"), r.stderr);
    assertEquals(200, LocalJson.parseObject(r.stdout.strip()).get("statusCode"));
  }

  @Test
  void handlerExceptionExitsNonZero(Emulator emulator, @TempDir Path dir) throws IOException {
    Path event = Files.writeString(dir.resolve("fail.json"),
        "{\"version\":\"2.0\",\"rawPath\":\"/v1/fail\",\"routeKey\":\"GET /v1/fail\"}");
    Result r = invoke(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString()),
        "FailingFunction", event.toString());
    assertEquals(Main.FAILED, r.status);
    assertTrue(r.stderr.contains("boom (fake handler failure)"), r.stderr);
    assertEquals("", r.stdout);
  }

  @Test
  void badArgumentsExitWithUsage(Emulator emulator, @TempDir Path dir) throws IOException {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString());
    String eventFile = Fixtures.resource("events/get-security.json").toString();

    Result unknown = invoke(env, "NoSuchFunction", eventFile);
    assertEquals(Main.USAGE, unknown.status);
    assertTrue(unknown.stderr.contains("no function NoSuchFunction"), unknown.stderr);
    assertTrue(unknown.stderr.contains("OrgSecurityFunction"), "lists the functions");

    Result missingArg = invoke(env, "OrgSecurityFunction");
    assertEquals(Main.USAGE, missingArg.status);

    Path notEvent = Files.writeString(dir.resolve("bad.json"), "{\"headers\": 5}");
    Result badEvent = invoke(env, "OrgSecurityFunction", notEvent.toString());
    assertEquals(Main.USAGE, badEvent.status);
    assertTrue(badEvent.stderr.contains("is not an API Gateway v2 event")
        && badEvent.stderr.contains("[\"headers\"]"), badEvent.stderr);

    Result noFile = invoke(env, "OrgSecurityFunction", dir.resolve("absent.json").toString());
    assertEquals(Main.USAGE, noFile.status);
  }

  @Test
  void rotationFunctionTakesTheSchedulesEventSampleAndRotatesLikeSamLocalInvoke(
      Emulator emulator) {
    Map<String, String> env = rotationEnvironment(emulator);
    String sample = REPOSITORY.resolve("events/scheduled-rotation.json").toString();

    Result first = invokeRealFunction(env, "SigningKeyRotationFunction", sample);
    assertEquals(0, first.status, first.stderr);
    Result second = invokeRealFunction(env, "SigningKeyRotationFunction", sample);
    assertEquals(0, second.status, second.stderr);

    List<String> lines = second.stdout.lines().toList();
    assertEquals(1, lines.size(), "stdout holds the answer alone: " + second.stdout);
    Map<String, Object> answer = LocalJson.parseObject(lines.get(0));
    assertEquals(List.of("activeKid"), List.copyOf(answer.keySet()));
    String oldKid = (String) LocalJson.parseObject(first.stdout.strip()).get("activeKid");
    String newKid = (String) answer.get("activeKid");
    assertNotEquals(oldKid, newKid, "the second run rotated the first run's key away");
    assertEquals(Map.of("KEY#" + oldKid, "RETIRED", "KEY#" + newKid, "ACTIVE"),
        signingKeyStatuses(emulator, env.get("KEYFOB_TABLE_NAME")));
    assertTrue(second.stderr.contains("\"trigger\":\"schedule\""), "the function saw the"
        + " schedule's event as the JSON object it is: " + second.stderr);
    assertTrue(second.stderr.matches("(?s).*REPORT RequestId: [0-9a-f-]{36} Init Duration: "
        + "[0-9.]+ ms Duration: [0-9.]+ ms.*"), second.stderr);
  }

  /**
   * keyfob's API functions are stream handlers: {@code invoke} hands them the event file's bytes
   * as the Lambda runtime does and prints the response JSON they write; an event they cannot read
   * is theirs to answer (400), as on Lambda, not a usage error.
   */
  @Test
  void anApiFunctionGetsTheEventFilesBytesAndItsResponseJsonIsPrinted(Emulator emulator,
      @TempDir Path dir) throws IOException {
    Map<String, String> env = rotationEnvironment(emulator);
    Result r = invokeRealFunction(env, "--create-resources", "JwksFunction",
        REPOSITORY.resolve("events/jwks.json").toString());
    assertEquals(0, r.status, r.stderr);
    List<String> lines = r.stdout.lines().toList();
    assertEquals(1, lines.size(), "stdout holds the response JSON alone: " + r.stdout);
    Map<String, Object> response = LocalJson.parseObject(lines.get(0));
    assertEquals(Set.of("statusCode", "headers", "body", "isBase64Encoded"), response.keySet());
    assertEquals(200, response.get("statusCode"));
    @SuppressWarnings("unchecked")
    Map<String, Object> headers = (Map<String, Object>) response.get("headers");
    String eventRequestId = (String) ((Map<?, ?>) LocalJson.parseObject(Files.readString(
        REPOSITORY.resolve("events/jwks.json"))).get("requestContext")).get("requestId");
    assertEquals(eventRequestId, headers.get("X-Request-Id"));
    assertTrue(LocalJson.parseObject((String) response.get("body")).get("keys") instanceof List,
        r.stdout);
    assertTrue(r.stderr.matches("(?s).*REPORT RequestId: " + eventRequestId
        + " Init Duration: [0-9.]+ ms Duration: [0-9.]+ ms.*"), r.stderr);

    Path notAnEvent = Files.writeString(dir.resolve("bad.json"), "{\"headers\": 5}");
    Result bad = invokeRealFunction(env, "JwksFunction", notAnEvent.toString());
    assertEquals(0, bad.status, bad.stderr);
    Map<String, Object> refused = LocalJson.parseObject(bad.stdout.strip());
    assertEquals(400, refused.get("statusCode"));
    assertTrue(((String) refused.get("body")).contains("\"INVALID_REQUEST\""), bad.stdout);
    assertFalse(bad.stdout.contains("Exception") || bad.stderr.contains("Exception"),
        bad.stderr);
  }

  @Test
  void rotationFunctionTakesTheEmptyObjectOfAManualInvokeFromStdin(Emulator emulator) {
    Result r = invokeRealFunctionWithStdin(rotationEnvironment(emulator), "{}",
        "SigningKeyRotationFunction", "-");
    assertEquals(0, r.status, r.stderr);
    assertTrue(LocalJson.parseObject(r.stdout.strip()).get("activeKid") instanceof String,
        r.stdout);
    assertTrue(r.stderr.contains("\"trigger\":\"manual\""), r.stderr);
  }

  @Test
  void rotationEventThatIsNotOneJsonObjectIsRefusedAndRotatesNothing(Emulator emulator,
      @TempDir Path dir) throws IOException {
    Map<String, String> env = rotationEnvironment(emulator);
    Path array = Files.writeString(dir.resolve("array.json"), "[{\"trigger\":\"schedule\"}]");
    Result r = invokeRealFunction(env, "SigningKeyRotationFunction", array.toString());
    assertEquals(Main.USAGE, r.status, r.stderr);
    assertTrue(r.stderr.contains("event file " + array + " is not one JSON object, which "
        + "SigningKeyRotationFunction takes"), r.stderr);
    assertEquals("", r.stdout);
    assertEquals(Map.of(), signingKeyStatuses(emulator, env.get("KEYFOB_TABLE_NAME")));
  }

  private static final Path REPOSITORY =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  /** The real template's functions against a table and key of their own on the emulator. */
  private static Map<String, String> rotationEnvironment(Emulator emulator) {
    return Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString(),
        "KEYFOB_TABLE_NAME", emulator.newTable(TableDefinition::create),
        "KEYFOB_KMS_KEY_ID", emulator.newKmsKey());
  }

  private static Map<String, String> signingKeyStatuses(Emulator emulator, String table) {
    return emulator.dynamo().query(q -> q.tableName(table)
            .keyConditionExpression("pk = :p AND begins_with(sk, :k)")
            .expressionAttributeValues(Map.of(
                ":p", AttributeValue.fromS("SIGNING_KEYS"), ":k", AttributeValue.fromS("KEY#"))))
        .items().stream()
        .collect(Collectors.toMap(i -> i.get("sk").s(), i -> i.get("status").s()));
  }

  private static Result invokeRealFunction(Map<String, String> env, String... args) {
    return invokeRealFunctionWithStdin(env, "", args);
  }

  private static Result invokeRealFunctionWithStdin(Map<String, String> env, String stdin,
      String... args) {
    return run(REPOSITORY.resolve("template.yaml"), env, stdin, args);
  }

  private record Result(int status, String stdout, String stderr) {}

  private static Result invoke(Map<String, String> env, String... args) {
    return invokeWithStdin(env, "", args);
  }

  private static Result invokeWithStdin(Map<String, String> env, String stdin, String... args) {
    return run(Fixtures.template(), env, stdin, args);
  }

  private static Result run(Path template, Map<String, String> env, String stdin,
      String... args) {
    List<String> command = Fixtures.javaCommand();
    command.addAll(List.of("-cp", Fixtures.classpath(),
        "dev.keyfob.local.Main", "invoke", "--template", template.toString()));
    command.addAll(List.of(args));
    try {
      Path dir = Files.createTempDirectory("keyfob-invoke");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("KEYFOB_"));
      env.forEach((k, v) -> {
        if (v.isEmpty()) {
          pb.environment().remove(k);
        } else {
          pb.environment().put(k, v);
        }
      });
      Process p = pb.start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("invoke did not finish within 90 s");
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      Files.delete(dir);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
