package dev.keyfob.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback between keyfob and the AWS emulator that misbehaves on demand: it
 * refuses connections, swallows requests (a dependency that hangs), answers throttling errors,
 * forwards a request but loses its response (a write that happened though the caller never
 * heard), or holds a request until the test lets it through or drops it. Operations are picked
 * by the {@code X-Amz-Target} header, e.g. {@code TransactWriteItems} or {@code Decrypt}.
 */
public final class FaultProxy implements AutoCloseable {

  /** What happens to requests of an operation. */
  public enum Mode {
    /** Forward and answer normally. */
    PASS,
    /** Close the connection without answering. */
    REFUSE,
    /** Read the request and never answer. */
    HANG,
    /** Answer HTTP 400 with the service's throttling error. */
    THROTTLE,
    /** Forward, then close without passing the answer back. */
    LOSE_RESPONSE
  }

  private static final String ALL = "*";

  private final URI target;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  private FaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  public static FaultProxy start(URI target) {
    try {
      return new FaultProxy(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Applies {@code mode} to every operation. */
  public void all(Mode mode) {
    modes.clear();
    remaining.clear();
    modes.put(ALL, mode);
  }

  /** Applies {@code mode} to one operation (e.g. {@code "UpdateItem"}) for the next n calls. */
  public void next(String operation, Mode mode, int times) {
    modes.put(operation, mode);
    remaining.put(operation, new AtomicInteger(times));
  }

  /** Holds the next request of {@code operation} until released or dropped. */
  public Hold hold(String operation) {
    Hold h = new Hold();
    holds.put(operation, h);
    return h;
  }

  /** Back to forwarding everything. */
  public void heal() {
    modes.clear();
    remaining.clear();
    holds.values().forEach(Hold::release);
    holds.clear();
  }

  /** How many requests of an operation reached the proxy. */
  public int seen(String operation) {
    return seen.getOrDefault(operation, new AtomicInteger()).get();
  }

  @Override
  public void close() {
    heal();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    pool.shutdownNow();
  }

  /** A request held at the proxy. */
  public static final class Hold {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean forward = true;

    /** Waits until the held request has arrived. */
    public boolean awaitArrival(long seconds) throws InterruptedException {
      return arrived.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the request reach the emulator (its answer goes back if anyone still listens). */
    public void release() {
      forward = true;
      decided.countDown();
    }

    /** Throws the request away: the emulator never sees it. */
    public void drop() {
      forward = false;
      decided.countDown();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        byte[] request = readMessage(in, true);
        if (request == null) {
          return;
        }
        String operation = operation(request);
        seen.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        Hold hold = holds.remove(operation);
        if (hold != null) {
          hold.arrived.countDown();
          hold.decided.await();
          if (!hold.forward) {
            return;
          }
        }
        Mode mode = modeFor(operation);
        switch (mode) {
          case REFUSE -> {
            return;
          }
          case HANG -> {
            Thread.sleep(Long.MAX_VALUE);
            return;
          }
          case THROTTLE -> {
            out.write(throttling(operation));
            out.flush();
          }
          case LOSE_RESPONSE -> {
            forward(request);
            return;
          }
          default -> {
            out.write(forward(request));
            out.flush();
          }
        }
      }
    } catch (IOException | InterruptedException closed) {
      // the client or the emulator went away; so does this connection
    }
  }

  private Mode modeFor(String operation) {
    AtomicInteger left = remaining.get(operation);
    if (left != null) {
      if (left.getAndDecrement() > 0) {
        return modes.get(operation);
      }
      remaining.remove(operation);
      modes.remove(operation);
    }
    return modes.getOrDefault(ALL, Mode.PASS);
  }

  private byte[] forward(byte[] request) throws IOException {
    try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
      upstream.getOutputStream().write(withConnectionClose(request));
      upstream.getOutputStream().flush();
      byte[] response = readMessage(upstream.getInputStream(), false);
      if (response == null) {
        throw new IOException("emulator closed the connection");
      }
      return response;
    }
  }

  private static byte[] throttling(String operation) {
    String body = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded (injected)\"}";
    String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\n"
        + "x-amzn-ErrorType: ThrottlingException\r\nx-amzn-RequestId: injected-" + operation
        + "\r\nContent-Length: " + body.length() + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.US_ASCII);
  }

  /** The operation name from {@code X-Amz-Target: DynamoDB_20120810.UpdateItem}. */
  private static String operation(byte[] request) {
    String head = new String(request, 0, Math.min(request.length, 8192),
        StandardCharsets.ISO_8859_1);
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("x-amz-target:")) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        return value.substring(value.indexOf('.') + 1);
      }
      if (line.isEmpty()) {
        break;
      }
    }
    return "unknown";
  }

  /** The upstream connection is one request long, so ask the emulator to close it after. */
  private static byte[] withConnectionClose(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String head = text.substring(0, end).replaceAll("(?im)^connection:.*\r\n?", "");
    return (head + "\r\nConnection: close" + text.substring(end))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads one HTTP/1.1 message with a Content-Length body (what the SDK and moto send), or a
   * response that ends when the connection closes; null at end of stream.
   */
  private static byte[] readMessage(InputStream in, boolean request) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while (last4 != 0x0D0A0D0A && (b = in.read()) != -1) {
      head.write(b);
      last4 = (last4 << 8) | (b & 0xFF);
    }
    if (head.size() == 0) {
      return null;
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    long length = -1;
    boolean chunked = false;
    for (String line : headers.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write(head.toByteArray());
    if (length >= 0) {
      message.write(in.readNBytes((int) length));
    } else if (chunked || !request) {
      message.write(in.readAllBytes());
    }
    return message.toByteArray();
  }
}
