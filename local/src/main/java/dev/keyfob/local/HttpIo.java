package dev.keyfob.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading request bodies with a size cap and writing {@link LocalResponse}s on the JDK's
 * {@link HttpExchange}. Stateless and thread-safe.
 */
final class HttpIo {

  /** Past the cap, how much more of a body is read and dropped so the client sees the 413. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  private HttpIo() {}

  /**
   * The whole body, or null if it is longer than {@code limit} bytes. A body over the limit is
   * read on (and dropped) up to 16 MiB more, so that the client gets to read the answer; the
   * caller closes the connection after answering.
   */
  static byte[] readBody(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (out.size() + n > limit) {
        long drained = 0;
        while (drained < DRAIN_LIMIT && (n = in.read(buffer)) != -1) {
          drained += n;
        }
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Writes status, headers and body. HEAD requests and 204/304 get no body. Any
   * {@code Content-Length} or {@code Transfer-Encoding} of the response is replaced by the
   * server's own framing.
   */
  static void write(HttpExchange exchange, LocalResponse response, boolean head)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    for (Map.Entry<String, List<String>> e : response.headers().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("content-length") || name.equals("transfer-encoding")) {
        continue;
      }
      for (String v : e.getValue()) {
        headers.add(e.getKey(), v);
      }
    }
    int status = response.status();
    byte[] body = response.body();
    boolean noBody = head || status == 204 || status == 304 || body.length == 0;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
