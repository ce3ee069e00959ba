package dev.keyfob.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * moto, the AWS emulator, as a child process on a loopback port: one port serves DynamoDB and
 * KMS. Used by the tests and the local API; never by a deployed function.
 *
 * <p>It runs moto's own server application through {@code serialized_moto.py}, which handles one
 * request at a time: moto's in-memory tables have no locks, so concurrent conditional writes
 * could otherwise both pass their condition, which DynamoDB never allows. Can be stopped and
 * started again on the same port, so fault tests can take the emulator away mid-run.
 */
public final class MotoServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String CHECK_RESPONSES = "KEYFOB_MOTO_CHECK_SERIALIZER";

  private static Path launcher;

  private final int port;
  private final Path log;
  private final boolean checkingResponses;
  private Process process;

  private MotoServer(int port, Path log, boolean checkingResponses) {
    this.port = port;
    this.log = log;
    this.checkingResponses = checkingResponses;
  }

  /**
   * Starts moto on a free loopback port and waits until it answers; tries another port if the
   * chosen one was taken in between.
   */
  public static MotoServer start() {
    return startOnAFreePort(false);
  }

  /**
   * As {@link #start()}, but every response is written both with the launcher's direct lookup
   * of dict members and with moto's own, and a response where they differ fails with a 500 (see
   * {@code serialized_moto.py}). Twice the emulator's work: for the test that proves the two
   * agree.
   */
  public static MotoServer startCheckingResponses() {
    return startOnAFreePort(true);
  }

  /** Starts moto on a given port, logging to {@code log}. */
  public static MotoServer start(int port, Path log) {
    MotoServer server = new MotoServer(port, log, false);
    server.startProcess();
    return server;
  }

  private static MotoServer startOnAFreePort(boolean checkingResponses) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        MotoServer server = new MotoServer(freePort(), logFile(), checkingResponses);
        server.startProcess();
        return server;
      } catch (IllegalStateException portTakenOrSlow) {
        last = portTakenOrSlow;
      }
    }
    throw last;
  }

  /** The file the emulator's output goes to. */
  public Path log() {
    return log;
  }

  /** Whether {@code moto_server} can be found on the PATH. */
  public static boolean installed() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "moto_server"))) {
        return true;
      }
    }
    return false;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** The emulator process id, or -1 when stopped. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Stops the process and anything it started; the port stops answering at once. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    process = null;
  }

  /** Starts the process again on the same port, with empty state. */
  public synchronized void restart() {
    stop();
    startProcess();
  }

  @Override
  public void close() {
    stop();
  }

  private synchronized void startProcess() {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(List.of(python(), launcher().toString(), "-H",
          "127.0.0.1", "-p", Integer.toString(port)))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      if (checkingResponses) {
        // Otherwise inherited: exporting it checks every emulator of a whole test run.
        builder.environment().put(CHECK_RESPONSES, "1");
      }
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start moto_server (is it installed?)", e);
    }
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited at start; see " + log);
      }
      if (answers()) {
        return;
      }
      sleep(50);
    }
    stop();
    throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT);
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
      c.setConnectTimeout(200);
      c.setReadTimeout(1000);
      int status = c.getResponseCode();
      c.disconnect();
      return status > 0;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The launcher script, copied out of the jar once per JVM. */
  private static synchronized Path launcher() throws IOException {
    if (launcher == null || !Files.exists(launcher)) {
      Path file = Files.createTempFile("keyfob-moto-", ".py");
      file.toFile().deleteOnExit();
      try (var in = MotoServer.class.getResourceAsStream("serialized_moto.py")) {
        if (in == null) {
          throw new IOException("serialized_moto.py missing from the classpath");
        }
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      launcher = file;
    }
    return launcher;
  }

  /** The Python that has moto installed: the one {@code moto_server} runs with. */
  private static String python() {
    String configured = System.getenv("KEYFOB_MOTO_PYTHON");
    return configured == null || configured.isBlank() ? "python3" : configured;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path logFile() {
    try {
      Path dir = Files.isDirectory(Path.of("target"))
          ? Files.createDirectories(Path.of("target", "moto"))
          : Path.of(System.getProperty("java.io.tmpdir"));
      return dir.resolve("keyfob-moto-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
          + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
