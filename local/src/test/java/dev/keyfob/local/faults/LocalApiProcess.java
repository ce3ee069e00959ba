package dev.keyfob.local.faults;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.local.Fixtures;
import dev.keyfob.testkit.MotoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local API as a separate process that a test can kill mid-request ({@code kill -9}), then
 * start again on the same emulator. Each start has a new development identity provider key, so
 * tokens come from the running process.
 */
final class LocalApiProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final URI base;

  private LocalApiProcess(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  static LocalApiProcess start(URI awsEndpoint, Path log) throws IOException, InterruptedException {
    int port = MotoServer.freePort();
    Path repo = repoRoot();
    List<String> command = Fixtures.javaCommand();
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.keyfob.local.Main",
        "serve", "--template", repo.resolve("template.yaml").toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("AWS_ENDPOINT_URL", awsEndpoint.toString());
    pb.environment().put("KEYFOB_LOCAL_PORT", Integer.toString(port));
    pb.environment().putAll(Fixtures.QUICK_STACK);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((line = out.readLine()) != null) {
      Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      if (line.startsWith("keyfob local API listening on ")) {
        break;
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("local API did not start; see " + log);
      }
    }
    if (line == null) {
      throw new IllegalStateException("local API exited at start; see " + log);
    }
    Thread drain = new Thread(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          Files.writeString(log, l + "\n", StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException ignored) {
        // the process died; that is the point of these tests
      }
    });
    drain.setDaemon(true);
    drain.start();
    return new LocalApiProcess(p, URI.create("http://localhost:" + port));
  }

  /** SIGKILL: no shutdown hook, no finally block, mid-request. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  String token(String userId, String orgId, String role) throws Exception {
    return (String) post("/dev/token", null, Map.of("sub", userId, "orgId", orgId, "role", role,
        "amr", List.of("pwd"))).body().get("token");
  }

  Reply post(String path, String token, Map<String, Object> body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
    if (token != null) {
      r.header("authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body().isEmpty() ? Map.of()
        : JSON.std.mapFrom(response.body()));
  }

  Reply get(String path, String token) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), JSON.std.mapFrom(response.body()));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /** A response: status and JSON body. */
  record Reply(int status, Map<String, Object> body) {
    String string(String field) {
      return (String) body.get(field);
    }
  }
}
