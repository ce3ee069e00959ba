package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.app.Priming;
import dev.keyfob.http.Json;
import dev.keyfob.http.Route;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart hooks. A decrypted signing key must never be in a snapshot, and that holds by
 * construction: an environment initialised for a snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE}
 * is {@value #SNAPSHOT_INITIALIZATION}) withholds private signing keys before its warm-up even
 * starts, so nothing can load one before the snapshot, however long the warm-up takes; and the
 * checkpoint withholds them again in any case (see {@code SigningKeys#withholdPrivateKeys()}).
 *
 * <p>Before the snapshot: wait for the warm-up, then run the real code paths on throwaway inputs
 * (an event per route through the handler: event reading and response writing, routing and
 * problem responses, JWT parsing, ES256 signing with a throwaway key, TOTP, and for
 * the routes that use them PBKDF2 and QR rendering) so the snapshot holds loaded, initialised
 * classes. After restore: allow private keys again and start a fresh warm-up, which loads the
 * signing key and refreshes the identity provider's key set.
 */
final class SnapStartPriming implements Resource {

  private static final long WARMUP_WAIT_MILLIS = 8_000;
  /** {@code AWS_LAMBDA_INITIALIZATION_TYPE} of an environment whose init ends in a snapshot. */
  static final String SNAPSHOT_INITIALIZATION = "snap-start";

  private final ApiGatewayHandler handler;
  private final KeyfobApp app;
  private final Set<Route> routes;
  private volatile Warmup warmup;

  private SnapStartPriming(ApiGatewayHandler handler, KeyfobApp app, Set<Route> routes) {
    this.handler = handler;
    this.app = app;
    this.routes = routes;
  }

  /** Registers the hooks and starts the first warm-up, as the Lambda environment says. */
  static SnapStartPriming register(ApiGatewayHandler handler, KeyfobApp app,
      Set<Route> routes) {
    return register(handler, app, routes,
        SNAPSHOT_INITIALIZATION.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE")));
  }

  /**
   * Registers the hooks and starts the first warm-up.
   *
   * @param forSnapshot whether this initialisation ends in a snapshot: then private signing keys
   *     are withheld before anything else runs, until after the restore
   */
  static SnapStartPriming register(ApiGatewayHandler handler, KeyfobApp app,
      Set<Route> routes, boolean forSnapshot) {
    if (forSnapshot) {
      app.withholdPrivateSigningKeys();
    }
    SnapStartPriming hooks = new SnapStartPriming(handler, app, routes);
    hooks.warmup = handler.prepare();
    Core.getGlobalContext().register(hooks);
    return hooks;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    // Withheld first: from here on no thread can load a key, whatever the warm-up is doing.
    app.withholdPrivateSigningKeys();
    warmup.await(WARMUP_WAIT_MILLIS);
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    app.allowPrivateSigningKeys();
    warmup = handler.prepare();
  }

  /** Exercises each served route and the crypto it uses, without touching real state. */
  void prime() {
    for (Route route : routes) {
      String path = route.pathTemplate().replace("{orgId}", "snapstart-priming")
          .replace("{userId}", "snapstart-priming");
      String event = Json.write(Map.of("version", "2.0", "routeKey", route.routeKey(),
          "rawPath", path, "headers", Map.of("authorization", "Bearer not.a.token"),
          "requestContext", Map.of("requestId", "snapstart-priming",
              "http", Map.of("method", route.method(), "path", path)),
          "body", "{}", "isBase64Encoded", false));
      try {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
            OutputStream.nullOutputStream(), null);
      } catch (IOException e) {
        throw new UncheckedIOException("in-memory streams do not fail", e);
      }
    }
    Priming.crypto(app, routes.contains(Route.CONFIRM_ENROLLMENT)
        || routes.contains(Route.RECOVER), routes.contains(Route.START_ENROLLMENT));
  }
}
