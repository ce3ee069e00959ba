package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The few HTTP calls the benchmark makes to prepare state on a local API. */
final class BenchClient {

  /** The org every prepared user belongs to. */
  static final String ORG = "bench";

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  BenchClient(URI base) {
    this.base = base;
  }

  /** A fresh password sign-in token of a member of {@link #ORG}. */
  String devToken(String userId) throws IOException, InterruptedException {
    return devToken(userId, ORG, "member", null);
  }

  /** A fresh password sign-in token; {@code platformRole} may be null. */
  String devToken(String userId, String orgId, String role, String platformRole)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sub", userId);
    body.put("orgId", orgId);
    body.put("role", role);
    body.put("amr", List.of("pwd"));
    if (platformRole != null) {
      body.put("platformRole", platformRole);
    }
    return (String) post("/dev/token", null, body).get("token");
  }

  /**
   * POSTs a JSON body and returns the JSON answer; any status of 300 or more is an error, a 503
   * an {@link Unavailable}. Never tried again here: a 503 may come after the write was done (the
   * emulator, on a loaded machine, can be slower than keyfob's time limits for AWS calls), so
   * callers start over on fresh state instead.
   */
  Map<String, Object> post(String path, String token, Map<String, Object> body)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
    if (token != null) {
      r.header("authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 503) {
      throw new Unavailable(path);
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return JSON.std.mapFrom(response.body());
  }

  /** A 503 from the local API. */
  static final class Unavailable extends IllegalStateException {
    Unavailable(String path) {
      super(path + " answered 503");
    }
  }
}
