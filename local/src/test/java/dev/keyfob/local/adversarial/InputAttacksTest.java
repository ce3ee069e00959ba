package dev.keyfob.local.adversarial;

import static dev.keyfob.local.adversarial.Attacks.refused;
import static dev.keyfob.local.contract.ContractAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.Authenticator;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import dev.keyfob.store.Membership;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: input, the targeted cases (the property-based fuzzing is {@link
 * InputFuzzTest}). Text that is not valid Unicode, bodies that are not UTF-8 or carry content
 * after the JSON value, nesting and numbers past any limit, identity-provider claims of unusual
 * size, and a user of hundreds of orgs: each is a 4xx that changes nothing, or a success, and
 * never a 5xx.
 */
class InputAttacksTest {

  /** keyfob's PNG is a generated code, not a photo: decode it as one. */
  private static final java.util.Map<com.google.zxing.DecodeHintType, Object> PURE_QR =
      java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
          com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE);

  private static Sandbox sandbox;
  private static Api api;
  private static String org;
  private static Flows.Enrolled admin;
  private static Flows.Enrolled member;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start();
    api = sandbox.api;
    org = Ids.unique("org");
    admin = Flows.enrolledUser(api, sandbox.clock, org, true);
    member = Flows.enrolledUser(api, sandbox.clock, org, false);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String adminMfa() {
    return Flows.verify(api, admin.idToken(), admin.app());
  }

  @Test
  void textThatIsNotValidUnicodeIsAnInvalidRequestThatChangesNothing() {
    String token = adminMfa();
    String supportId = Ids.unique("support");
    Flows.Enrolled support = Flows.enroll(api, sandbox.clock, supportId, "ops",
        api.idToken(DevToken.member(supportId, "ops").support()));
    for (String bad : List.of("\\ud800", "x\\udc00y", "lost phone \\ud83d", "\\udfff\\ud800")) {
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.post("/v1/orgs/" + org
          + "/two-factor/resets", token, "{\"userIds\":[\"" + member.userId()
          + "\"],\"reason\":\"" + bad + "\"}"));
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.post("/v1/support/two-factor/resets",
          support.mfaToken(), "{\"userId\":\"" + member.userId() + "\",\"ticket\":\"" + bad
          + "\",\"reason\":\"r\"}"));
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.post("/v1/support/two-factor/resets",
          support.mfaToken(), "{\"userId\":\"" + member.userId() + "\",\"ticket\":\"T\","
          + "\"reason\":\"" + bad + "\"}"));
    }
    // Well-formed pairs are text like any other.
    Reply ok = api.post("/v1/orgs/" + org + "/two-factor/resets", token,
        "{\"userIds\":[\"nobody\"],\"reason\":\"\\ud83d\\udd11 lost\"}");
    assertEquals(200, ok.status(), ok.toString());
  }

  private static Reply rawVerify(String contentType, byte[] body) {
    return api.send(api.request("POST", "/v1/me/two-factor/verify").bearer(member.idToken())
        .header("Content-Type", contentType).body(body));
  }

  @Test
  void bodiesThatAreNotUtf8AreInvalidRequestsNotCountedAndNotTooLarge() {
    byte[] code = member.app().nextCode().getBytes(StandardCharsets.US_ASCII);
    List<byte[]> bodies = List.of(
        concat("{\"code\":\"".getBytes(StandardCharsets.US_ASCII), code,
            new byte[] {(byte) 0xff, '"', '}'}),
        concat("{\"code\":\"".getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xc0, (byte) 0x80}, code, new byte[] {'"', '}'}),
        concat("{\"code\":\"".getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, code, new byte[] {'"', '}'}),
        concat("{\"code\":\"".getBytes(StandardCharsets.US_ASCII), code,
            new byte[] {(byte) 0xe2, (byte) 0x82, '"', '}'}),
        filled(6000, (byte) 0xff), filled(16 * 1024, (byte) 0xff),
        filled(16 * 1024, (byte) 0x80));
    for (byte[] body : bodies) {
      for (String type : List.of("application/json", "application/json; charset=utf-8",
          "text/plain", "application/octet-stream")) {
        refused(sandbox, 400, "INVALID_REQUEST", () -> rawVerify(type, body));
      }
    }
    refused(sandbox, 413, "PAYLOAD_TOO_LARGE", () -> rawVerify("application/json",
        filled(16 * 1024 + 1, (byte) 0xff)));
    assertEquals(200, rawVerify("application/json", concat("{\"code\":\""
        .getBytes(StandardCharsets.US_ASCII), code, new byte[] {'"', '}'})).status(),
        "the code was not used by the malformed bodies");
  }

  private static byte[] filled(int size, byte value) {
    byte[] b = new byte[size];
    Arrays.fill(b, value);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  @Test
  void contentAfterTheJsonValueIsAnInvalidRequestAndNotCounted() {
    String code = member.app().nextCode();
    for (String body : List.of("{\"code\":\"" + code + "\"} x", "{\"code\":\"" + code
        + "\"}{\"code\":\"000000\"}", "{\"code\":\"" + code + "\"}]", "{\"code\":\"" + code
        + "\"},", "{\"code\":\"" + code + "\"} // comment", "{\"code\":\"" + code + "\"}\u0000")) {
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.post("/v1/me/two-factor/verify",
          member.idToken(), body));
    }
    assertEquals(200, api.post("/v1/me/two-factor/verify", member.idToken(),
        " \n{\"code\":\"" + code + "\"}\r\n\t ").status(), "whitespace around JSON is fine");
  }

  @Test
  void nestingAndNumbersPastAnyLimitAreInvalidRequests() {
    String token = adminMfa();
    String twoFactor = "/v1/orgs/" + org + "/security/two-factor";
    List<String> bodies = List.of("[".repeat(6000) + "]".repeat(6000),
        "{\"code\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
        "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
        "{\"enabled\":true,\"gracePeriodDays\":1e999999}",
        "{\"enabled\":true,\"gracePeriodDays\":1" + "0".repeat(400) + "}",
        "{\"enabled\":true,\"gracePeriodDays\":-0.0000000000000000000001}",
        "{\"enabled\":true,\"gracePeriodDays\":NaN}",
        "{\"enabled\":true,\"gracePeriodDays\":Infinity}",
        "{\"enabled\":true,\"gracePeriodDays\":0x10}");
    for (String body : bodies) {
      refused(sandbox, 400, "INVALID_REQUEST", () -> api.put(twoFactor, token, body));
    }
  }

  @Test
  void anEmailTooLongForAQrCodeStillGetsAWorkingEnrollment() throws Exception {
    for (String email : List.of("a".repeat(3000) + "@example.com",
        "\u6f22".repeat(64) + "@" + "\u5b57".repeat(180) + ".example",
        "o'brien+\"quoted\"&x=1?#%20@example.com")) {
      String userId = Ids.unique("user");
      String token = api.idToken(DevToken.member(userId, org).email(email));
      Reply started = api.post("/v1/me/two-factor/enrollment", token, "{}");
      assertEquals(201, started.status(), started.toString());
      String uri = started.string("otpauthUri");
      String secret = started.string("secret");
      assertTrue(uri.startsWith("otpauth://totp/keyfob:") && uri.contains("secret=" + secret),
          uri);
      String png = started.string("qrCodePng").substring("data:image/png;base64,".length());
      var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
      assertEquals(uri, new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
          new BufferedImageLuminanceSource(image))), PURE_QR).getText());
      Authenticator app = new Authenticator(secret, sandbox.clock);
      assertEquals(200, api.post("/v1/me/two-factor/enrollment/confirm", token, Map.of(
          "enrollmentId", started.string("enrollmentId"), "code", app.nextCode())).status());
    }
  }

  @Test
  void aSupportResetOfAUserOfTwoHundredOrgsReachesTheAuditTrailOfEveryOne() {
    // A table of its own, so the other tests' scans stay small.
    try (Sandbox own = Sandbox.start()) {
      Flows.Enrolled many = Flows.enrolledUser(own.api, own.clock, org, false);
      var accounts = own.server.app().accounts();
      for (int i = 0; i < 200; i++) {
        accounts.recordMembership(new Membership(many.userId(), "org-" + i + "-" + org,
            many.userId() + "@example.com", Instant.now()));
      }
      String supportId = Ids.unique("support");
      Flows.Enrolled support = Flows.enroll(own.api, own.clock, supportId, "ops",
          own.api.idToken(DevToken.member(supportId, "ops").support()));
      Reply r = own.api.post("/v1/support/two-factor/resets", support.mfaToken(),
          Map.of("userId", many.userId(), "ticket", "T-200", "reason", "lost phone"));
      assertEquals(200, r.status(), r.toString());
      assertEquals("RESET", r.json().get("status"));
      long events = own.snapshot().items().entrySet().stream()
          .filter(e -> e.getKey().startsWith("ORG#") && e.getKey().contains("| AUDIT#"))
          .filter(e -> e.getValue().get("type") != null
              && "SUPPORT_RESET".equals(e.getValue().get("type").s()))
          .count();
      assertEquals(201, events, "one SUPPORT_RESET event per org of the user");
      for (String sample : List.of("org-0-" + org, "org-150-" + org, "org-199-" + org)) {
        Reply trail = own.api.get("/v1/orgs/" + sample + "/audit-events",
            own.api.idToken(DevToken.admin(Ids.unique("admin"), sample)));
        assertEquals("SUPPORT_RESET", ((Map<?, ?>) ((List<?>) trail.json().get("events"))
            .get(0)).get("type"), sample);
      }
    }
  }

  @Test
  void controlCharactersInTextAreAcceptedAsText() {
    String token = adminMfa();
    Reply r = api.post("/v1/orgs/" + org + "/two-factor/resets", token,
        "{\"userIds\":[\"nobody\"],\"reason\":\"a\\u0000b\\u001b[31m\\u202etxt.exe\\r\\n\"}");
    assertEquals(200, r.status(), r.toString());
    assertProblem(api.post("/v1/orgs/" + org + "/two-factor/resets", token,
        "{\"userIds\":[\"nobody\"],\"reason\":\"\"}"), 400, "INVALID_REQUEST");
  }
}
