package dev.keyfob.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} child process on a free loopback port, serving DynamoDB and KMS, for
 * when no {@code AWS_ENDPOINT_URL} is given. Its output goes to a temporary log file, deleted on
 * {@link #close()}, which also stops the process and anything it started.
 *
 * <p>Thread-safe.
 */
final class MotoProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path log;

  private MotoProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code moto_server -H 127.0.0.1 -p <free port>} and waits until it answers.
   *
   * @throws IllegalStateException if it is not on the PATH or does not come up in 30 s
   */
  public static MotoProcess start() {
    if (!onPath()) {
      throw new IllegalStateException("moto_server is not on the PATH: install it with"
          + " pip install 'moto[server]', or set AWS_ENDPOINT_URL to an emulator");
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return tryStart(freePort());
      } catch (IllegalStateException e) {
        last = e; // most likely the port was taken between choosing and binding it
      }
    }
    throw last;
  }

  /** Where the emulator listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The process id of {@code moto_server}. */
  public long pid() {
    return process.pid();
  }

  /** Stops the process and its descendants; waits up to 5 s before killing them. */
  @Override
  public synchronized void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        child.onExit().get(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception stillAlive) {
      children.forEach(ProcessHandle::destroyForcibly);
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a stale log in the temp directory is harmless
    }
  }

  private static MotoProcess tryStart(int port) {
    Path log;
    Process process;
    try {
      log = Files.createTempFile("keyfob-moto-" + port + "-", ".log");
      process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start moto_server", e);
    }
    MotoProcess moto = new MotoProcess(process, port, log);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        moto.close();
        throw new IllegalStateException("moto_server exited at start on port " + port);
      }
      if (answers(port)) {
        return moto;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        moto.close();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting moto_server", e);
      }
    }
    moto.close();
    throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT);
  }

  private static boolean answers(int port) {
    try {
      HttpURLConnection c = (HttpURLConnection)
          URI.create("http://127.0.0.1:" + port + "/moto-api/").toURL().openConnection();
      c.setConnectTimeout(200);
      c.setReadTimeout(1000);
      int status = c.getResponseCode();
      c.disconnect();
      return status > 0;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "moto_server"))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
