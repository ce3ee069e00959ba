package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.RunLocal;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TOTP functions never load the WebAuthn library: a fresh JVM runs one cold invocation as
 * {@code local invoke} does, on the local module's classpath (which holds webauthn4j, Jackson 3
 * and the WebAuthn checks, as the local API serves the WebAuthn function too), and its
 * {@code -Xlog:class+load} record must show no class of {@code com.webauthn4j},
 * {@code tools.jackson} or {@code dev.keyfob.webauthn.webauthn4j}, and some of
 * {@code dev.keyfob.service}, so that an empty or unread log cannot pass. A control run that
 * does use the checks shows the record catches them.
 */
@ExtendWith(AwsEmulator.class)
class WebAuthnClassLoadingBoundaryTest {

  private static final List<String> FORBIDDEN =
      List.of("com.webauthn4j.", "tools.jackson.", "dev.keyfob.webauthn.webauthn4j.");
  private static final Pattern CLASS_LOAD =
      Pattern.compile("\\[class,load\\s*\\] (\\S+) source: (.*)$");

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"VerificationFunction, events/verify.json",
      "EnrollmentFunction, events/get-status.json"})
  void coldInvocationWithTheSampleEventLoadsNoWebAuthnLibraryClass(String function,
      String event, Emulator emulator, @TempDir Path dir) {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString(),
        "KEYFOB_TABLE_NAME", "keyfob-boundary-" + UUID.randomUUID());
    Run run = invoke(dir, env, "--create-resources", function,
        repositoryRoot().resolve(event).toString());

    assertEquals(0, run.status, run.stderr);
    assertEquals(401, statusCode(run), "the sample's placeholder token");
    assertNoWebAuthnLibrary(function + " (sample event)", run.classes);
  }

  @Test
  void coldVerificationAndStatusOfAnEnrolledUserLoadNoWebAuthnLibraryClass(Emulator emulator,
      @TempDir Path dir) throws IOException {
    String table = "keyfob-boundary-" + UUID.randomUUID();
    try (LocalApiServer server = LocalApiServer.builder()
        .templatePath(repositoryRoot().resolve("template.yaml"))
        .port(0)
        .awsEndpoint(emulator.endpoint())
        .processEnvironment(Map.of())
        .environment(Map.of("KEYFOB_TABLE_NAME", table, "KEYFOB_DEV_IDP_ALGORITHM",
            Fixtures.QUICK_STACK.get("KEYFOB_DEV_IDP_ALGORITHM")))
        .start()) {
      Api api = new Api(server.baseUri());
      String userId = "boundary-" + UUID.randomUUID();
      String idToken = api.idToken(DevToken.member(userId, "boundary-org"));
      Flows.Enrolled user = Flows.enroll(api, Clock.systemUTC(), userId, "boundary-org", idToken);
      // The same table, key and development identity provider as the server: invoke derives the
      // identity provider's issuer and key set from KEYFOB_LOCAL_PORT.
      Map<String, String> env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString(),
          "KEYFOB_TABLE_NAME", table, "KEYFOB_LOCAL_PORT", Integer.toString(server.port()));

      Path verify = event(dir, "events/verify.json", idToken,
          LocalJson.write(Map.of("code", user.app().nextCode())));
      Run verified = invoke(dir, env, "VerificationFunction", verify.toString());
      assertEquals(0, verified.status, verified.stderr);
      assertEquals(200, statusCode(verified), "a current code verifies");
      assertNoWebAuthnLibrary("VerificationFunction (enrolled user)", verified.classes);

      Path status = event(dir, "events/get-status.json", idToken, null);
      Run stated = invoke(dir, env, "EnrollmentFunction", status.toString());
      assertEquals(0, stated.status, stated.stderr);
      assertEquals(200, statusCode(stated), "an enrolled user's status");
      assertNoWebAuthnLibrary("EnrollmentFunction (enrolled user)", stated.classes);
    }
  }

  @Test
  void theClassLoadRecordShowsTheWebAuthnLibraryWhenTheChecksRun(@TempDir Path dir) {
    Run run = java(dir, Map.of(), WebAuthnLoadProbe.class.getName());

    assertEquals(0, run.status, run.stderr);
    assertTrue(run.stdout.contains(WebAuthnLoadProbe.DONE), run.stdout);
    System.out.println("[keyfob] class-loading boundary, control (WebAuthn checks ran): "
        + run.classes.size() + " classes loaded, " + run.classes.stream()
            .filter(c -> FORBIDDEN.stream().anyMatch(c::startsWith)).count()
        + " of the WebAuthn library");
    for (String prefix : FORBIDDEN) {
      assertTrue(run.classes.stream().anyMatch(c -> c.startsWith(prefix)),
          "the record shows a class of " + prefix + " once the checks ran");
    }
  }

  private static void assertNoWebAuthnLibrary(String what, List<String> classes) {
    List<String> forbidden = classes.stream()
        .filter(c -> FORBIDDEN.stream().anyMatch(c::startsWith)).toList();
    long services = classes.stream().filter(c -> c.startsWith("dev.keyfob.service.")).count();
    System.out.println("[keyfob] class-loading boundary, " + what + ": " + classes.size()
        + " classes loaded, " + services + " of dev.keyfob.service, " + forbidden.size()
        + " of the WebAuthn library");
    assertTrue(services > 0, what + ": the record shows the service layer loading");
    assertEquals(List.of(), forbidden.subList(0, Math.min(20, forbidden.size())),
        what + " loaded " + forbidden.size() + " WebAuthn library classes");
  }

  /** A sample event with the caller's token and, when given, another body. */
  private static Path event(Path dir, String sample, String idToken, String body)
      throws IOException {
    Map<String, Object> event = new LinkedHashMap<>(
        LocalJson.parseObject(Files.readString(repositoryRoot().resolve(sample))));
    @SuppressWarnings("unchecked")
    Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) event.get("headers"));
    headers.put("authorization", "Bearer " + idToken);
    headers.remove("content-length");
    event.put("headers", headers);
    if (body != null) {
      event.put("body", body);
    }
    Path file = dir.resolve(UUID.randomUUID() + "-" + Path.of(sample).getFileName());
    return Files.writeString(file, LocalJson.write(event));
  }

  /** The response's status; stdout is never echoed, as a 200 carries an MFA token. */
  private static int statusCode(Run run) {
    List<String> lines = run.stdout.lines().toList();
    assertEquals(1, lines.size(), () -> "stdout holds the response JSON alone; stderr: "
        + run.stderr);
    return ((Number) LocalJson.parseObject(lines.get(0)).get("statusCode")).intValue();
  }

  private static Run invoke(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("dev.keyfob.local.Main", "invoke",
        "--template", repositoryRoot().resolve("template.yaml").toString()));
    command.addAll(List.of(args));
    return java(dir, env, command.toArray(String[]::new));
  }

  /** A fresh JVM on this module's test classpath, recording every class it loads. */
  private static Run java(Path dir, Map<String, String> env, String... mainAndArgs) {
    String name = UUID.randomUUID().toString();
    Path classLog = dir.resolve(name + "-classes.log");
    Path out = dir.resolve(name + "-stdout");
    Path err = dir.resolve(name + "-stderr");
    List<String> command = Fixtures.javaCommand();
    command.addAll(List.of("-Xlog:class+load=info:file=" + classLog, "-cp",
        Fixtures.classpath()));
    command.addAll(List.of(mainAndArgs));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KEYFOB_"));
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("the child JVM did not finish within 180 s: " + command);
      }
      List<String> classes = loadedClasses(classLog);
      assertFalse(classes.isEmpty(), "the class-load record is empty: " + classLog);
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err), classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> loadedClasses(Path classLog) throws IOException {
    List<String> classes = new ArrayList<>();
    for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
      Matcher m = CLASS_LOAD.matcher(line);
      if (m.find()) {
        classes.add(m.group(1));
      }
    }
    return classes;
  }

  private static Path repositoryRoot() {
    return RunLocal.repositoryRoot();
  }

  /** A child JVM's exit status, output and the classes it loaded, in load order. */
  private record Run(int status, String stdout, String stderr, List<String> classes) {}
}
