package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Json;
import dev.keyfob.http.Route;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Loads, in the background, what a function's first request will need, so a cold start overlaps
 * that work instead of doing it in series: the identity provider's key set (and with it the JWT
 * stack); the calls a sign-in makes, on a key no user has (see {@code AccountRepository#prime});
 * and the signing key or the public keys (and with them the KMS client). While private signing
 * keys are withheld (an environment initialised for a snapshot) it loads only the public keys.
 * A Lambda execution environment has two vCPUs above 1769 MB and a share of them below; even on
 * a share, network waits overlap.
 *
 * <p>Failures are ignored here: the request that needs the thing loads it again and reports a
 * dependency outage as 503. Threads are daemons, so an idle environment is never kept alive.
 */
public final class Warmup {

  private static final Set<Route> SIGNING = EnumSet.of(Route.VERIFY, Route.RECOVER,
      Route.CONFIRM_ENROLLMENT);

  private final List<Thread> threads = new ArrayList<>();

  private Warmup() {}

  /** Starts loading what the given routes need. */
  static Warmup start(KeyfobApp app, Set<Route> routes) {
    Warmup w = new Warmup();
    boolean authenticated = routes.stream().anyMatch(r -> r != Route.JWKS);
    boolean signs = routes.stream().anyMatch(SIGNING::contains);
    if (authenticated) {
      w.run("keyfob-warm-tokens", () -> {
        Json.write(Map.of("warm", true));
        app.prefetchIdentityProviderKeys();
      });
      w.run("keyfob-warm-storage", app::primeStorage);
    }
    w.run("keyfob-warm-keys", () -> app.loadSigningKeys(signs));
    return w;
  }

  /** Waits up to {@code millis} for the background work to finish. */
  public void await(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Thread t : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return;
      }
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run(String name, Runnable work) {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (RuntimeException notNow) {
        // The request that needs it will try again and answer 503 if it must.
      }
    }, name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
  }
}
