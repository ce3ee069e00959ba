package dev.keyfob.testkit;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON Web Key Set (RFC 7517) served at {@code /jwks.json} on a loopback port, as an identity
 * provider publishes its signing keys. Only public keys are ever served. Keys may be added while
 * it runs, as a provider rotating its keys would; it counts how often the set was fetched.
 * Thread-safe.
 */
public final class JwksServer implements AutoCloseable {

  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;

  /** Starts serving {@code keys} (their public halves). */
  public JwksServer(List<? extends JWK> keys) {
    keys.forEach(this::publish);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks.json", exchange -> {
      requests.incrementAndGet();
      byte[] body = json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Where the key set is served. */
  public URL url() {
    try {
      return new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    } catch (MalformedURLException e) {
      throw new AssertionError("a loopback URL is always well formed", e);
    }
  }

  /** Adds the public half of {@code key} to the served set. */
  public void publish(JWK key) {
    published.add(key.toPublicJWK());
  }

  /** How many times the key set was fetched. */
  public int requests() {
    return requests.get();
  }

  /** The served key set as JSON. */
  public String json() {
    return new JWKSet(new ArrayList<>(published)).toString(true);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
