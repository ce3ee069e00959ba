package dev.keyfob.local.contract;

import dev.keyfob.local.Fixtures;
import dev.keyfob.testkit.MotoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the real {@code scripts/run-local} once for the whole test JVM and hands tests an {@link
 * Api} of it. The script runs {@code dev.keyfob.local.Main serve} from this JVM's classpath
 * ({@code KEYFOB_LOCAL_CLASSPATH}, so nothing is built during {@code mvn verify}), with the
 * repository's {@code template.yaml}, its own {@code moto_server}, and {@link #ENVIRONMENT} over
 * the defaults. It is stopped with SIGTERM when the JVM exits.
 */
public final class RunLocal implements BeforeAllCallback, ParameterResolver {

  /**
   * Settings of the run: a 2 s first lock, so lock expiry can be seen in a test, over the
   * settings of the tests' other local stacks ({@link Fixtures#QUICK_STACK}).
   */
  public static final Map<String, String> ENVIRONMENT = environment();

  /** The first lock of the run, in seconds. */
  public static final int LOCKOUT_SECONDS = 2;

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(Fixtures.QUICK_STACK);
    env.put("KEYFOB_LOCKOUT_SECONDS", Integer.toString(LOCKOUT_SECONDS));
    return Map.copyOf(env);
  }

  private static final long START_TIMEOUT_SECONDS = 120;
  private static volatile StringBuffer output;
  private static Holder running;

  @Override
  public void beforeAll(ExtensionContext context) {
    api();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Api.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return api();
  }

  /**
   * The API of the one run-local process, started on first use and stopped when the JVM exits
   * (not JUnit's root store, which surefire closes after every test class).
   */
  public static synchronized Api api() {
    if (running == null) {
      Holder started = Holder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "run-local-stop"));
      running = started;
    }
    return running.api;
  }

  /** Everything the run-local process printed so far (stdout and stderr). */
  public static String output() {
    StringBuffer out = output;
    return out == null ? "" : out.toString();
  }

  /** The repository root: the parent of the {@code local} module the tests run in. */
  public static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.isRegularFile(dir.resolve("scripts/run-local")) ? dir : dir.getParent();
  }

  /** The process and its output; closed (SIGTERM) at exit. */
  static final class Holder implements AutoCloseable {
    final Process process;
    final Api api;
    final StringBuffer output;

    private Holder(Process process, Api api, StringBuffer output) {
      this.process = process;
      this.api = api;
      this.output = output;
      RunLocal.output = output;
    }

    static Holder start() {
      int port = Fixtures.freePort();
      Path script = repositoryRoot().resolve("scripts/run-local");
      ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true);
      try {
        pb.directory(Files.createTempDirectory("keyfob-contract").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("KEYFOB_"));
      if (MotoServer.installed()) {
        env.remove("AWS_ENDPOINT_URL");
      }
      env.putAll(ENVIRONMENT);
      env.put("KEYFOB_LOCAL_PORT", Integer.toString(port));
      env.put("KEYFOB_LOCAL_CLASSPATH", Fixtures.classpath());
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("JAVA_OPTS", Fixtures.childJvmOptionsLine());

      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + script, e);
      }
      StringBuffer output = new StringBuffer();
      // Lines for the start-up wait below only: the process lives as long as the JVM, and
      // everything it prints stays in output.
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      AtomicBoolean starting = new AtomicBoolean(true);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            output.append(line).append('\n');
            if (starting.get()) {
              lines.add(line);
            }
          }
        } catch (IOException ended) {
          // the process is gone
        }
      }, "run-local-output");
      reader.setDaemon(true);
      reader.start();

      String expected = "keyfob local API listening on http://localhost:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
      try {
        while (System.nanoTime() < deadline) {
          String line = lines.poll(250, TimeUnit.MILLISECONDS);
          if (line != null && line.equals(expected)) {
            starting.set(false);
            lines.clear();
            return new Holder(process, new Api(URI.create("http://localhost:" + port)), output);
          }
          if (line == null && !process.isAlive()) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stop(process);
      throw new IllegalStateException("scripts/run-local did not print \"" + expected
          + "\"; its output:\n" + output);
    }

    @Override
    public void close() {
      stop(process);
    }

    private static void stop(Process process) {
      List<ProcessHandle> children = process.descendants().toList();
      process.toHandle().destroy(); // SIGTERM: the server stops its moto_server itself
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
          child.onExit().get(15, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        // fall through to the forced stop below
      }
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
    }
  }
}
