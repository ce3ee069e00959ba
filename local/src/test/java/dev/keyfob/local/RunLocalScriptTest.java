package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keyfob.testkit.MotoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code scripts/run-local} end to end: started from another directory with a port, the fixture
 * template and the test classpath ({@code KEYFOB_LOCAL_CLASSPATH}, so no build runs inside the
 * test), it prints the listening line, serves, and on SIGTERM stops its moto_server.
 */
class RunLocalScriptTest {

  private static final Path SCRIPT =
      Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/run-local");

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void printsTheListeningLineServesAndStopsMotoOnSigterm() throws Exception {
    Assumptions.assumeTrue(MotoServer.installed(), "moto_server is not installed");
    assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is executable");
    int port = Fixtures.freePort();
    ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString())
        .directory(Files.createTempDirectory("keyfob-run-local").toFile())
        .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("KEYFOB_"));
    pb.environment().remove("AWS_ENDPOINT_URL");
    pb.environment().put("KEYFOB_LOCAL_PORT", Integer.toString(port));
    pb.environment().put("KEYFOB_TEMPLATE", Fixtures.template().toString());
    pb.environment().put("KEYFOB_WEB_ROOT", Fixtures.webRoot().toString());
    pb.environment().put("KEYFOB_LOCAL_CLASSPATH", Fixtures.classpath());
    pb.environment().put("KEYFOB_MFA_AUDIENCE", "from-the-environment");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("JAVA_OPTS", Fixtures.childJvmOptionsLine());

    Process process = pb.start();
    List<ProcessHandle> children = List.of();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "run-local-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String expected = "keyfob local API listening on http://localhost:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      boolean listening = false;
      while (!listening && System.nanoTime() < deadline) {
        String line = lines.poll(500, TimeUnit.MILLISECONDS);
        if (line != null) {
          output.append(line).append('\n');
          listening = line.equals(expected);
        } else if (!process.isAlive()) {
          break;
        }
      }
      if (!listening) {
        fail("no listening line; output:\n" + output);
      }
      assertFalse(output.toString().contains("SLF4J"), "start-up is quiet:\n" + output);

      HttpResponse<String> jwks = Fixtures.get(URI.create("http://localhost:" + port
          + "/dev/jwks.json"));
      assertEquals(200, jwks.statusCode());
      assertTrue(jwks.body().contains("\"keys\""), jwks.body());
      HttpResponse<String> echo = Fixtures.get(URI.create("http://localhost:" + port
          + "/v1/me/two-factor"));
      assertEquals("PersonalFunction", echo.headers().firstValue("x-function").orElseThrow());
      assertTrue(Fixtures.get(URI.create("http://localhost:" + port + "/")).body()
          .contains("fixture web app"), "KEYFOB_WEB_ROOT is served");

      children = process.descendants().toList();
      assertTrue(children.stream().anyMatch(RunLocalScriptTest::isMoto),
          "moto_server runs as a child of the local API: " + children);

      // SIGTERM through the handle: Process.destroy() would also close our end of its output.
      assertTrue(process.toHandle().destroy());
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the local API stops on SIGTERM");
      for (ProcessHandle child : children) {
        try {
          child.onExit().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          fail("child process " + child.pid() + " still runs after SIGTERM");
        }
        assertFalse(child.isAlive());
      }
      reader.join(5_000);
      String rest = String.join("\n", lines);
      assertTrue(rest.contains("stopped moto_server"), output + rest);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
    }
  }

  private static boolean isMoto(ProcessHandle p) {
    return p.info().commandLine().map(c -> c.contains("keyfob-moto")).orElse(false)
        || p.info().arguments().map(a -> String.join(" ", a).contains("keyfob-moto"))
            .orElse(false);
  }
}
