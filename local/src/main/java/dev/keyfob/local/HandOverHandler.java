package dev.keyfob.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Objects;

/**
 * An HTTP handler that serves with one handler until it is handed over to the next: the local
 * API starts with one that knows only the development identity provider, so that the functions'
 * warm-ups can fetch its keys while the functions are being built, then hands over to the full
 * API. Thread-safe: a request is served wholly by the handler current when it arrived.
 */
final class HandOverHandler implements HttpHandler {

  private volatile HttpHandler current;

  HandOverHandler(HttpHandler first) {
    this.current = Objects.requireNonNull(first, "first");
  }

  /** Serves every request from now on with {@code next}. */
  void handTo(HttpHandler next) {
    current = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    current.handle(exchange);
  }
}
