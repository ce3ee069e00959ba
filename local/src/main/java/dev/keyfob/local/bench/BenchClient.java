package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The few HTTP calls the benchmark makes to prepare users on a local API. */
final class BenchClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  BenchClient(URI base) {
    this.base = base;
  }

  String devToken(String userId) throws IOException, InterruptedException {
    return (String) post("/dev/token", null, Map.of("sub", userId, "orgId", "bench",
        "role", "member", "amr", java.util.List.of("pwd"))).get("token");
  }

  Map<String, Object> post(String path, String token, Map<String, Object> body)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
    if (token != null) {
      r.header("authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return JSON.std.mapFrom(response.body());
  }
}
