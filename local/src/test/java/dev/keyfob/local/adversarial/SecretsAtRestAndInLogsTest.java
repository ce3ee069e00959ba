package dev.keyfob.local.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.Authenticator;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import dev.keyfob.totp.Base32;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attack class: secrets at rest and in logs. After a run of every flow that handles a secret
 * (enrollment, confirm, verify, recovery in both spellings, new codes, method change, wrong
 * codes and locks, admin and support resets, an abandoned enrollment, bad requests carrying
 * codes), every attribute of every DynamoDB item and everything the local API, the handlers'
 * request log (their {@code System.out}) and keyfob's {@code java.util.logging} printed is
 * scanned for each TOTP secret (base32 in any case, hex, base64, and its raw bytes inside binary
 * attributes), each recovery code (grouped and compact, any case), each TOTP code sent, and
 * each MFA and identity-provider token handed out (whole, and its signature). And a secret's
 * ciphertext copied onto another user's record does not decrypt.
 */
class SecretsAtRestAndInLogsTest {

  private final List<String> totpCodesSent = new ArrayList<>();

  @Test
  void noSecretCodeOrTokenIsStoredOrLogged() {
    try (Sandbox sandbox = Sandbox.start()) {
      Api api = sandbox.api;
      runEveryFlow(sandbox, api);
      Set<String> handedOut = api.handedOut();
      List<byte[]> secrets = new ArrayList<>();
      Set<String> needles = new LinkedHashSet<>();
      for (String value : handedOut) {
        if (value.matches("[A-Z2-7]{32}")) {
          byte[] raw = Base32.decode(value);
          secrets.add(raw);
          needles.add(value.toLowerCase(Locale.ROOT));
          needles.add(HexFormat.of().formatHex(raw));
          needles.add(Base64.getEncoder().withoutPadding().encodeToString(raw)
              .toLowerCase(Locale.ROOT));
          needles.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)
              .toLowerCase(Locale.ROOT));
        } else if (value.split("\\.").length == 3) {
          needles.add(value.toLowerCase(Locale.ROOT));
          needles.add(value.substring(value.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        } else {
          needles.add(value.toLowerCase(Locale.ROOT));
          needles.add(value.replace("-", "").toLowerCase(Locale.ROOT));
        }
      }
      assertTrue(secrets.size() >= 5, "the run handed out secrets: " + secrets.size());
      assertTrue(handedOut.size() > 60, "and codes and tokens: " + handedOut.size());

      Map<String, Map<String, AttributeValue>> items = sandbox.snapshot().items();
      assertTrue(items.size() > 20, "the run stored state");
      for (Map.Entry<String, Map<String, AttributeValue>> item : items.entrySet()) {
        for (Map.Entry<String, AttributeValue> attribute : item.getValue().entrySet()) {
          scan(item.getKey() + " " + attribute.getKey(), attribute.getValue(), needles,
              secrets);
        }
      }

      String logs = sandbox.logs.text();
      assertTrue(logs.contains("\"msg\":\"request\""), "the handlers' request log was captured");
      assertTrue(logs.contains("[keyfob-local] POST /v1/me/two-factor/verify"),
          "the local API's log was captured");
      assertTrue(logs.contains("support reset by"), "keyfob's java.util.logging was captured");
      String lower = logs.toLowerCase(Locale.ROOT);
      for (String needle : needles) {
        if (lower.contains(needle)) {
          fail("the logs hold a secret, recovery code or token (" + needle.length()
              + " characters) near: " + around(logs, lower.indexOf(needle)));
        }
      }
      for (String code : totpCodesSent) {
        if (Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])").matcher(logs)
            .find()) {
          fail("the logs hold a TOTP code that was sent");
        }
      }
      assertFalse(lower.contains("bearer "), "the logs hold an Authorization header");
    }
  }

  @Test
  void aSecretsCiphertextCopiedOntoAnotherUsersRecordDoesNotDecrypt() {
    try (Sandbox sandbox = Sandbox.start()) {
      Api api = sandbox.api;
      String org = Ids.unique("org");
      Flows.Enrolled owner = Flows.enrolledUser(api, sandbox.clock, org, false);
      Flows.Enrolled thief = Flows.enrolledUser(api, sandbox.clock, org, false);
      AttributeValue ciphertext = sandbox.snapshot().items()
          .get("USER#" + owner.userId() + " | STATE").get("secret");
      sandbox.server.app().storage().client().updateItem(u -> u.tableName(sandbox.table())
          .key(Map.of("pk", AttributeValue.fromS("USER#" + thief.userId()),
              "sk", AttributeValue.fromS("STATE")))
          .updateExpression("SET secret = :s")
          .expressionAttributeValues(Map.of(":s", ciphertext)));
      // The owner's code against the thief's record: KMS refuses the data key (its context
      // names the owner), so it fails closed with 503 and nothing is used or counted.
      Reply r = sandbox.unchanged(() -> api.post("/v1/me/two-factor/verify", thief.idToken(),
          Map.of("code", owner.app().nextCode())));
      dev.keyfob.local.contract.ContractAssertions.assertProblem(r, 503, "UNAVAILABLE");
      assertEquals(200, api.post("/v1/me/two-factor/verify", owner.idToken(),
          Map.of("code", owner.app().nextCode())).status(), "the owner's record is intact");
    }
  }

  private void scan(String where, AttributeValue v, Set<String> needles, List<byte[]> secrets) {
    if (v.s() != null) {
      scanText(where, v.s(), needles);
    }
    if (v.n() != null) {
      scanText(where, v.n(), needles);
    }
    if (v.b() != null) {
      scanBytes(where, v.b(), secrets, needles);
    }
    if (v.hasSs()) {
      v.ss().forEach(s -> scanText(where, s, needles));
    }
    if (v.hasBs()) {
      v.bs().forEach(b -> scanBytes(where, b, secrets, needles));
    }
    if (v.hasL()) {
      v.l().forEach(e -> scan(where, e, needles, secrets));
    }
    if (v.hasM()) {
      v.m().forEach((k, e) -> scan(where + "." + k, e, needles, secrets));
    }
  }

  private void scanText(String where, String text, Set<String> needles) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String needle : needles) {
      assertFalse(lower.contains(needle), where + " holds a secret, code or token");
    }
    for (String code : totpCodesSent) {
      assertFalse(Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])").matcher(text)
          .find() && !where.endsWith(" lastStep"), where + " holds a TOTP code");
    }
  }

  private static void scanBytes(String where, SdkBytes bytes, List<byte[]> secrets,
      Set<String> needles) {
    byte[] data = bytes.asByteArray();
    for (byte[] secret : secrets) {
      assertFalse(contains(data, secret), where + " holds a TOTP secret in the clear");
    }
    String asText = new String(data, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    for (String needle : needles) {
      assertFalse(asText.contains(needle), where + " holds a secret, code or token as bytes");
    }
  }

  private static boolean contains(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String around(String text, int at) {
    return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 10))
        .replaceAll("[A-Za-z0-9_-]{10,}", "…");
  }

  private String sent(String code) {
    totpCodesSent.add(code);
    return code;
  }

  /** Every flow that handles a secret, a code or a token. */
  private void runEveryFlow(Sandbox sandbox, Api api) {
    String org = Ids.unique("org");
    Flows.Enrolled admin = Flows.enrolledUser(api, sandbox.clock, org, true);
    totpCodesSent.add(admin.app().lastCode());
    Flows.Enrolled member = Flows.enrolledUser(api, sandbox.clock, org, false);
    totpCodesSent.add(member.app().lastCode());
    String adminMfa = api.post("/v1/me/two-factor/verify", admin.idToken(),
        Map.of("code", sent(admin.app().nextCode()))).string("mfaToken");
    // Recovery codes in both spellings, and a wrong one that is another user's real code.
    assertEquals(200, api.post("/v1/me/two-factor/recover", member.idToken(),
        Map.of("recoveryCode", member.recoveryCodes().get(0).toUpperCase())).status());
    assertEquals(200, api.post("/v1/me/two-factor/recover", member.idToken(),
        Map.of("recoveryCode", member.recoveryCodes().get(1).replace("-", ""))).status());
    api.post("/v1/me/two-factor/recover", member.idToken(),
        Map.of("recoveryCode", admin.recoveryCodes().get(0)));
    // Wrong codes to a lock, including the admin's valid code sent by the member.
    api.post("/v1/me/two-factor/verify", member.idToken(),
        Map.of("code", sent(admin.app().nextCode())));
    for (int i = 0; i < 5; i++) {
      api.post("/v1/me/two-factor/verify", member.idToken(), Map.of("code", "00000" + i));
    }
    // Bad requests that carry codes.
    api.post("/v1/me/two-factor/verify", member.idToken(), "{\"code\":"
        + Integer.parseInt(sent(member.app().nextCode())) + "}");
    api.post("/v1/me/two-factor/recover", member.idToken(), "{\"recoveryCode\":[\""
        + member.recoveryCodes().get(2) + "\"]}");
    api.post("/v1/me/two-factor/verify", member.idToken(), "{\"code\":\""
        + member.recoveryCodes().get(3) + "\"");
    // New codes and a method change for a third user.
    Flows.Enrolled changer = Flows.enrolledUser(api, sandbox.clock, org, false);
    totpCodesSent.add(changer.app().lastCode());
    assertEquals(200, api.post("/v1/me/two-factor/recovery-codes", changer.mfaToken(), "{}")
        .status());
    Reply started = api.post("/v1/me/two-factor/enrollment", changer.mfaToken(), "{}");
    Authenticator newApp = new Authenticator(started.string("secret"), sandbox.clock);
    assertEquals(200, api.post("/v1/me/two-factor/enrollment/confirm", changer.idToken(),
        Map.of("enrollmentId", started.string("enrollmentId"),
            "code", sent(newApp.nextCode()))).status());
    // An abandoned enrollment: its secret stays at rest, encrypted.
    String abandoned = api.idToken(DevToken.member(Ids.unique("abandoned"), org));
    assertEquals(201, api.post("/v1/me/two-factor/enrollment", abandoned, "{}").status());
    // Wrong confirm codes.
    Reply pending = api.post("/v1/me/two-factor/enrollment", abandoned, "{}");
    api.post("/v1/me/two-factor/enrollment/confirm", abandoned,
        Map.of("enrollmentId", pending.string("enrollmentId"), "code", "123456"));
    // Org settings, admin and support resets.
    Flows.requireTwoFactor(api, org, adminMfa, 7);
    assertEquals(200, api.post("/v1/orgs/" + org + "/two-factor/resets", adminMfa,
        Map.of("userIds", List.of(member.userId()), "reason", "lost phone")).status());
    String supportId = Ids.unique("support");
    Flows.Enrolled support = Flows.enroll(api, sandbox.clock, supportId, "ops",
        api.idToken(DevToken.member(supportId, "ops").support()));
    totpCodesSent.add(support.app().lastCode());
    assertEquals(200, api.post("/v1/support/two-factor/resets", support.mfaToken(),
        Map.of("userId", changer.userId(), "ticket", "T-9", "reason", "verified by phone"))
        .status());
    // Listings an admin reads.
    assertEquals(200, api.get("/v1/orgs/" + org + "/members", adminMfa).status());
    assertEquals(200, api.get("/v1/orgs/" + org + "/audit-events", adminMfa).status());
    // A dependency fault on the way, which logs an error line.
    sandbox.faults.fail("Kms");
    try {
      api.post("/v1/me/two-factor/verify", admin.idToken(),
          Map.of("code", sent(admin.app().nextCode())));
    } finally {
      sandbox.faults.heal();
    }
  }
}
