package dev.keyfob.local.load;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code scripts/load}: a bounded load run against a running local API on loopback. Concurrent
 * clients send a fixed number of mixed requests: right codes (several clients racing with the
 * same code), wrong codes against users who only ever get wrong ones, recovery codes (raced
 * too), status reads and admin resets. It checks that no request got a 5xx, that no TOTP step
 * or recovery code was accepted twice, and that every wrong-code-only user saw exactly the
 * failures before the lock and 429 after; it prints throughput and latency percentiles and
 * exits non-zero on any violation.
 */
public final class LoadRun {

  private static final String ORG = "load";
  private final URI base;
  private final int clients;
  private final int requests;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> acceptedSteps = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> acceptedCodes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failuresBeforeLock = new ConcurrentHashMap<>();
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

  private LoadRun(URI base, int clients, int requests) {
    this.base = base;
    this.clients = clients;
    this.requests = requests;
  }

  public static void main(String[] args) throws Exception {
    URI base = null;
    int clients = 32;
    int requests = 5000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base" -> base = URI.create(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (base == null || !isLoopback(base)) {
      throw new IllegalArgumentException("--base must be a loopback URL of a local API");
    }
    System.exit(new LoadRun(base, clients, requests).run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    System.out.println("keyfob load: " + clients + " clients, " + requests + " requests against "
        + base);
    List<User> verifiers = enroll("verifier", 24);
    List<User> lockTargets = enroll("guessed", 8);
    List<User> recoverers = enroll("recoverer", 16);
    List<User> resetTargets = enroll("resettable", 8);
    String admin = token("load-admin", "admin");
    get("/v1/me/two-factor", admin);
    List<String> recoveryCodes = new ArrayList<>();
    Map<String, User> codeOwner = new ConcurrentHashMap<>();
    for (User u : recoverers) {
      for (String c : u.recoveryCodes) {
        recoveryCodes.add(c);
        codeOwner.put(c, u);
      }
    }
    AtomicInteger nextCode = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (sent.getAndIncrement() < requests) {
          int pick = random.nextInt(100);
          try {
            if (pick < 30) {
              User u = verifiers.get(random.nextInt(verifiers.size()));
              long step = Totp.stepAt(Clock.systemUTC().instant());
              int status = send("POST", "/v1/me/two-factor/verify", u.token,
                  Map.of("code", u.code(step)));
              if (status == 200) {
                count(acceptedSteps, u.id + "@" + step);
              }
            } else if (pick < 50) {
              User u = lockTargets.get(random.nextInt(lockTargets.size()));
              int status = send("POST", "/v1/me/two-factor/verify", u.token,
                  Map.of("code", "000000"));
              if (status == 401) {
                count(failuresBeforeLock, u.id);
              } else if (status != 429) {
                violations.add("wrong code for " + u.id + " answered " + status);
              }
            } else if (pick < 62) {
              int i = nextCode.getAndIncrement() / 3;
              if (i < recoveryCodes.size()) {
                String code = recoveryCodes.get(i);
                int status = send("POST", "/v1/me/two-factor/recover",
                    codeOwner.get(code).token, Map.of("recoveryCode", code));
                if (status == 200) {
                  count(acceptedCodes, code);
                }
              } else {
                send("GET", "/v1/me/two-factor", verifiers.get(0).token, null);
              }
            } else if (pick < 95) {
              User u = verifiers.get(random.nextInt(verifiers.size()));
              send("GET", "/v1/me/two-factor", u.token, null);
            } else {
              User u = resetTargets.get(random.nextInt(resetTargets.size()));
              send("POST", "/v1/orgs/" + ORG + "/two-factor/resets", admin,
                  Map.of("userIds", List.of(u.id), "reason", "load test"));
            }
          } catch (Exception e) {
            violations.add("request failed: " + e);
          }
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
      pool.shutdownNow();
      violations.add("the run did not finish within 10 minutes");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    check(lockTargets);
    report(seconds);
    return violations.isEmpty();
  }

  private void check(List<User> lockTargets) {
    statuses.forEach((status, n) -> {
      if (status >= 500) {
        violations.add(n.sum() + " responses with status " + status);
      }
    });
    acceptedSteps.forEach((key, n) -> {
      if (n.get() > 1) {
        violations.add("TOTP step " + key + " accepted " + n.get() + " times");
      }
    });
    acceptedCodes.forEach((code, n) -> {
      if (n.get() > 1) {
        violations.add("a recovery code was accepted " + n.get() + " times");
      }
    });
    for (User u : lockTargets) {
      int failures = failuresBeforeLock.getOrDefault(u.id, new AtomicInteger()).get();
      if (failures != 5) {
        violations.add(u.id + " saw " + failures + " counted failures before the lock, not 5");
      }
    }
  }

  private void report(double seconds) {
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "%n%-28s %10d%n", "requests", sorted.size());
    System.out.printf(Locale.ROOT, "%-28s %10.1f%n", "seconds", seconds);
    System.out.printf(Locale.ROOT, "%-28s %10.1f%n", "throughput, requests/s",
        sorted.size() / seconds);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      System.out.printf(Locale.ROOT, "%-28s %10.1f%n", "latency p" + p + ", ms",
          sorted.get(Math.max(0, (int) Math.ceil(p / 100 * sorted.size()) - 1)));
    }
    System.out.printf(Locale.ROOT, "%-28s %10.1f%n", "latency max, ms",
        sorted.get(sorted.size() - 1));
    System.out.println("statuses: " + new java.util.TreeMap<>(statuses));
    System.out.println("TOTP steps accepted: " + acceptedSteps.size()
        + ", recovery codes accepted: " + acceptedCodes.size());
    if (violations.isEmpty()) {
      System.out.println("OK: no 5xx, no code accepted twice, lockout counts exact");
    } else {
      System.out.println("VIOLATIONS:");
      violations.forEach(v -> System.out.println("  " + v));
    }
  }

  private static void count(Map<String, AtomicInteger> map, String key) {
    map.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private List<User> enroll(String prefix, int n) throws Exception {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      String token = token(id, "member");
      Map<String, Object> started = post("/v1/me/two-factor/enrollment", token, Map.of());
      byte[] secret = Base32.decode((String) started.get("secret"));
      long step = Totp.stepAt(Clock.systemUTC().instant());
      Map<String, Object> confirmed = post("/v1/me/two-factor/enrollment/confirm", token,
          Map.of("enrollmentId", started.get("enrollmentId"),
              "code", new Totp(Clock.systemUTC()).codeAt(secret, step)));
      @SuppressWarnings("unchecked")
      List<String> codes = (List<String>) confirmed.get("recoveryCodes");
      users.add(new User(id, token, secret, codes));
    }
    return users;
  }

  private String token(String userId, String role) throws Exception {
    return (String) post("/dev/token", null, Map.of("sub", userId, "orgId", ORG, "role", role,
        "amr", List.of("pwd"), "expiresInSeconds", 7200)).get("token");
  }

  private Map<String, Object> post(String path, String token, Map<String, Object> body)
      throws Exception {
    HttpResponse<String> r = http.send(request("POST", path, token, body),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.std.mapFrom(r.body());
  }

  private void get(String path, String token) throws Exception {
    http.send(request("GET", path, token, null), HttpResponse.BodyHandlers.ofString());
  }

  private int send(String method, String path, String token, Map<String, Object> body)
      throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = http.send(request(method, path, token, body),
        HttpResponse.BodyHandlers.ofString());
    latencies.add((System.nanoTime() - start) / 1e6);
    statuses.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
    return r.statusCode();
  }

  private HttpRequest request(String method, String path, String token, Map<String, Object> body)
      throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
    }
    return b.build();
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
  }

  /** An enrolled user of the run. */
  private record User(String id, String token, byte[] secret, List<String> recoveryCodes) {
    String code(long step) {
      return Totp.generate(secret, step, Totp.ALGORITHM, Totp.DIGITS);
    }
  }
}
