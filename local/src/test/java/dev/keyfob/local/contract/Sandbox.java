package dev.keyfob.local.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyfob.local.Fixtures;
import dev.keyfob.local.LocalApiServer;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.FaultInjector;
import dev.keyfob.testkit.MutableClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * The local API in this JVM on the repository's {@code template.yaml} (the real handlers), with a
 * {@link MutableClock} tests move by hand, a {@link FaultInjector} on its AWS clients, its own
 * DynamoDB table in the JVM's emulator ({@link AwsEmulator#shared()}), and all its output
 * captured: the local API's log, the handlers' JSON request lines (which they print to the
 * {@code System.out} of their construction, so it is swapped for the capture while the server
 * starts) and keyfob's {@code java.util.logging} records.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger KEYFOB_LOGGER = Logger.getLogger("dev.keyfob");

  public final MutableClock clock = MutableClock.atStepStart();
  public final FaultInjector faults = new FaultInjector();
  public final LogCapture logs = new LogCapture();
  public final LocalApiServer server;
  public final Api api;
  private final Handler julHandler;

  private Sandbox(Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KEYFOB_TABLE_NAME", "keyfob-sandbox-" + UUID.randomUUID());
    env.putAll(Fixtures.QUICK_STACK);
    env.putAll(environment);
    PrintStream stdout = System.out;
    System.setOut(logs);
    try {
      server = LocalApiServer.builder()
          .templatePath(RunLocal.repositoryRoot().resolve("template.yaml"))
          .port(0)
          .awsEndpoint(AwsEmulator.shared().endpoint())
          .processEnvironment(Map.of())
          .environment(env)
          .clock(clock)
          .awsInterceptors(faults)
          .log(logs)
          .start();
    } finally {
      System.setOut(stdout);
    }
    julHandler = logs.julHandler();
    KEYFOB_LOGGER.addHandler(julHandler);
    api = new Api(server.baseUri());
  }

  /** A sandbox with the default settings, over {@link Fixtures#QUICK_STACK}. */
  public static Sandbox start() {
    return new Sandbox(Map.of());
  }

  /** A sandbox with these {@code KEYFOB_*} settings over the defaults. */
  public static Sandbox start(Map<String, String> environment) {
    return new Sandbox(environment);
  }

  public String table() {
    return server.settings().tableName();
  }

  /** Every item of this sandbox's table, now. */
  public TableSnapshot snapshot() {
    return TableSnapshot.of(server.app().storage().client(), table());
  }

  /**
   * Runs {@code action} and asserts it left every item of the table as it was.
   *
   * @return what the action returned
   */
  public <T> T unchanged(Supplier<T> action) {
    TableSnapshot before = snapshot();
    T result = action.get();
    List<String> diffs = before.differencesTo(snapshot());
    assertEquals(List.of(), diffs, "the table changed; result was " + result);
    return result;
  }

  /**
   * Stops the server and keeps its captured output in {@code target/sandbox-logs/}, so that a
   * failed run can be diagnosed from the local API's own log lines.
   */
  @Override
  public void close() {
    KEYFOB_LOGGER.removeHandler(julHandler);
    server.close();
    try {
      Path dir = Path.of("target", "sandbox-logs");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(table() + ".log"), logs.text());
    } catch (IOException | RuntimeException e) {
      System.err.println("[sandbox] could not keep the log of " + table() + ": " + e);
    }
  }

}
