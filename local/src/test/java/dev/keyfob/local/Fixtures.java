package dev.keyfob.local;

import dev.keyfob.testkit.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Paths of the test fixtures, child JVMs and small HTTP helpers for the local API tests. */
public final class Fixtures {

  static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /**
   * Settings of the tests' many short-lived local stacks, which make their users by the
   * thousand: recovery-code hashing at the lowest allowed cost, and a development identity
   * provider signing with ES256, whose keys cost milliseconds to make and to sign with where
   * RSA's cost a second and several milliseconds on the tests' JVMs. RS256, the default, is
   * signed and checked end to end by {@code scripts/ops-check}'s stack, the token attacks and
   * {@code LocalApiServerTest}.
   */
  public static final Map<String, String> QUICK_STACK = Map.of(
      "KEYFOB_RECOVERY_CODE_ITERATIONS", "1000",
      "KEYFOB_DEV_IDP_ALGORITHM", "ES256");

  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  static Path template() {
    return resource("fixture-template.yaml");
  }

  static Path webRoot() {
    return resource("web");
  }

  /** The test classpath, for child JVMs. */
  public static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** The java binary running these tests. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The start of a command line for a child JVM: {@link #java()} and the options the build gives
   * the JVMs tests start ({@code keyfob.testJvmOptions} in the root pom).
   */
  public static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(childJvmOptions());
    return command;
  }

  /** Those options alone, as {@code scripts/run-local} takes them in {@code JAVA_OPTS}. */
  public static String childJvmOptionsLine() {
    return String.join(" ", childJvmOptions());
  }

  private static List<String> childJvmOptions() {
    String options = System.getProperty("keyfob.childJvmOptions", "").trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /** A loopback port free at the moment of asking. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A builder for a server on a free port with the fixture template and web root, isolated from
   * the process's KEYFOB_* variables; starts moto_server itself when it is installed, else uses
   * AWS_ENDPOINT_URL.
   */
  static LocalApiServer.Builder server() {
    LocalApiServer.Builder b = LocalApiServer.builder()
        .templatePath(template())
        .webRoot(webRoot())
        .port(0)
        .processEnvironment(java.util.Map.of());
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    if (!MotoServer.installed() && endpoint != null && !endpoint.isBlank()) {
      b.awsEndpoint(URI.create(endpoint));
    }
    return b;
  }

  static HttpResponse<String> get(URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code GET <rawTarget>} exactly as written over a plain socket (HTTP clients normalise
   * dot segments) and returns the whole raw response.
   */
  static String rawGet(int port, String rawTarget) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + rawTarget + " HTTP/1.1\r\nHost: localhost:" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stream that copies everything to stdout and keeps it for assertions. */
  static final class CapturingStream extends PrintStream {
    private final ByteArrayOutputStream buffer;

    CapturingStream() {
      this(new ByteArrayOutputStream());
    }

    private CapturingStream(ByteArrayOutputStream buffer) {
      super(new OutputStream() {
        @Override
        public void write(int b) {
          synchronized (buffer) {
            buffer.write(b);
          }
          System.out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (buffer) {
            buffer.write(b, off, len);
          }
          System.out.write(b, off, len);
        }
      }, true, StandardCharsets.UTF_8);
      this.buffer = buffer;
    }

    String text() {
      flush();
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
