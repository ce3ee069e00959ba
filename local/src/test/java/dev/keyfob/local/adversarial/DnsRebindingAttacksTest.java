package dev.keyfob.local.adversarial;

import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: DNS rebinding against the local API. A web page on {@code evil.example} whose
 * name an attacker re-points at 127.0.0.1 can send requests to the developer's local API with
 * the page's own host name, and could mint development tokens or read the app's answers. The
 * local API answers only requests addressed to a local host name (with no port or its own port);
 * any other gets 421 {@code MISDIRECTED_REQUEST}, before anything else is done.
 */
class DnsRebindingAttacksTest {

  private static Sandbox sandbox;
  private static Api api;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Reply send(String method, String path, String host, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    if (host != null) {
      head.append("Host: ").append(host).append("\r\n");
    }
    head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length)
        .append("\r\nConnection: close\r\n\r\n");
    return api.raw(head.toString(), bytes);
  }

  @Test
  void aPageOnAnotherHostNameCanNeitherMintTokensNorReachTheApiOrTheWebApp() {
    String token = "{\"sub\":\"eve\",\"orgId\":\"acme\",\"role\":\"admin\",\"amr\":[\"pwd\"]}";
    int port = api.port();
    for (String host : List.of("evil.example", "evil.example:" + port, "localhost.evil.example",
        "127.0.0.1.nip.io:" + port, "localhost:" + (port == 65535 ? 1 : port + 1), "0.0.0.0",
        "127.0.0.2:" + port, "[::2]", "LOCALHOST.")) {
      Reply minted = sandbox.unchanged(() -> send("POST", "/dev/token", host, token));
      assertProblem(minted, 421, "MISDIRECTED_REQUEST");
      assertProblem(send("GET", "/v1/me/two-factor", host, ""), 421, "MISDIRECTED_REQUEST");
      assertProblem(send("GET", "/", host, ""), 421, "MISDIRECTED_REQUEST");
      assertProblem(send("GET", "/.well-known/jwks.json", host, ""), 421, "MISDIRECTED_REQUEST");
    }
  }

  @Test
  void aRequestWithoutAHostHeaderIsMisdirectedToo() {
    assertProblem(send("POST", "/dev/token", null, "{}"), 421, "MISDIRECTED_REQUEST");
  }

  @Test
  void everyLocalHostNameIsServedWithOrWithoutTheServersOwnPort() {
    int port = api.port();
    for (String host : List.of("localhost", "localhost:" + port, "127.0.0.1",
        "127.0.0.1:" + port, "[::1]", "[::1]:" + port, "LocalHost:" + port)) {
      assertEquals(200, send("GET", "/.well-known/jwks.json", host, "").status(), host);
    }
  }
}
