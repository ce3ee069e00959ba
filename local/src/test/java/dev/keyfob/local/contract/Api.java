package dev.keyfob.local.contract;

import dev.keyfob.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP client of one running keyfob API (the {@code scripts/run-local} process or an
 * in-process {@code LocalApiServer}). Every secret, recovery code and token a response hands out
 * is remembered in {@link #handedOut()}, so tests can later scan storage and logs for them.
 * Thread-safe.
 */
public final class Api {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

  public Api(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  public int port() {
    return base.getPort();
  }

  /** Every secret, recovery code and token this API has handed out through this client. */
  public Set<String> handedOut() {
    return Set.copyOf(handedOut);
  }

  /** A first-factor token from the development identity provider. */
  public String idToken(DevToken token) {
    Reply r = post("/dev/token", null, Json.write(token.body()));
    if (r.status() != 200) {
      throw new AssertionError("POST /dev/token failed: " + r);
    }
    return r.string("token");
  }

  public Reply get(String path, String token) {
    return send(request("GET", path).bearer(token));
  }

  public Reply delete(String path, String token) {
    return send(request("DELETE", path).bearer(token));
  }

  public Reply post(String path, String token, String json) {
    return send(request("POST", path).bearer(token).json(json));
  }

  public Reply post(String path, String token, Map<String, ?> body) {
    return post(path, token, Json.write(body));
  }

  public Reply put(String path, String token, String json) {
    return send(request("PUT", path).bearer(token).json(json));
  }

  public Reply put(String path, String token, Map<String, ?> body) {
    return put(path, token, Json.write(body));
  }

  /** A request to build up; {@code path} may carry a query string. */
  public Request request(String method, String path) {
    return new Request(method, path);
  }

  public Reply send(Request r) {
    try {
      return toReply(HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(r.method + " " + r.path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends without waiting, for tests that need requests in flight at once. */
  public CompletableFuture<Reply> sendAsync(Request r) {
    return HTTP.sendAsync(r.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(this::toReply);
  }

  /**
   * Sends bytes exactly as given over a plain socket and parses the response, for requests an
   * HTTP client would refuse or normalise (dot segments, raw bytes in the path).
   */
  public Reply raw(String requestHead, byte[] body) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return parseRaw(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code <method> <target> HTTP/1.1} with Host, Connection: close and the given body. */
  public Reply rawRequest(String method, String target, Map<String, String> headers,
      byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: localhost:").append(base.getPort()).append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    return raw(head.toString(), body);
  }

  private static Reply parseRaw(byte[] response) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      chunked |= name.equalsIgnoreCase("transfer-encoding")
          && value.toLowerCase(Locale.ROOT).contains("chunked");
    }
    byte[] rest = java.util.Arrays.copyOfRange(response, end + 4, response.length);
    return new Reply(status, headers, chunked ? dechunk(rest) : rest);
  }

  private static byte[] dechunk(byte[] data) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < data.length) {
      int lineEnd = i;
      while (lineEnd + 1 < data.length && !(data[lineEnd] == '\r' && data[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String sizeText = new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1).trim();
      int size = Integer.parseInt(sizeText.split(";")[0], 16);
      if (size == 0) {
        break;
      }
      out.write(data, lineEnd + 2, size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private Reply toReply(HttpResponse<byte[]> response) {
    Reply reply = new Reply(response.statusCode(), response.headers().map(), response.body());
    remember(reply);
    return reply;
  }

  /** Records what a successful response hands out: secrets, recovery codes, tokens. */
  @SuppressWarnings("unchecked")
  private void remember(Reply reply) {
    if (reply.status() >= 300 || reply.bytes().length == 0) {
      return;
    }
    Object parsed;
    try {
      parsed = Json.parse(reply.body());
    } catch (IOException | RuntimeException notJson) {
      return;
    }
    if (!(parsed instanceof Map<?, ?> m)) {
      return;
    }
    for (String member : List.of("secret", "mfaToken", "token", "deviceToken")) {
      if (m.get(member) instanceof String s) {
        handedOut.add(s);
      }
    }
    if (m.get("recoveryCodes") instanceof List<?> codes) {
      for (Object c : codes) {
        handedOut.add(String.valueOf(c));
      }
    }
  }

  /** A request being built. Not thread-safe. */
  public final class Request {
    private final String method;
    private final String path;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;

    private Request(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /** {@code Authorization: Bearer <token>}; none when the token is null. */
    public Request bearer(String token) {
      if (token != null) {
        headers.add(new String[] {"Authorization", "Bearer " + token});
      }
      return this;
    }

    public Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    /** A UTF-8 JSON body with {@code Content-Type: application/json}. */
    public Request json(String json) {
      if (json != null) {
        body = json.getBytes(StandardCharsets.UTF_8);
        headers.add(new String[] {"Content-Type", "application/json"});
      }
      return this;
    }

    /** Raw body bytes with no content type unless one is set with {@link #header}. */
    public Request body(byte[] bytes) {
      body = bytes;
      return this;
    }

    public Reply send() {
      return Api.this.send(this);
    }

    HttpRequest build() {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String[] h : headers) {
        b.header(h[0], h[1]);
      }
      return b.build();
    }
  }
}
