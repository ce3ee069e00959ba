package dev.keyfob.local.adversarial;

import static dev.keyfob.local.adversarial.Attacks.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.keyfob.http.Json;
import dev.keyfob.local.contract.Api;
import dev.keyfob.local.contract.DevToken;
import dev.keyfob.local.contract.Flows;
import dev.keyfob.local.contract.Ids;
import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack class: tokens. Every forged, tampered, confused, stale or misused bearer token is
 * refused with 401 UNAUTHENTICATED (or 403 where a valid token of the wrong kind is presented),
 * and the request changes nothing in the table, though each attack carries a request that would
 * change state if it were let through (usually the victim's right TOTP code). Two in-process
 * local APIs: one trusting the development identity provider, one trusting {@link TokenForge},
 * whose keys the test holds, so validly signed tokens with bad claims can be made.
 */
class TokenAttacksTest {

  /**
   * The development identity provider signing as most identity providers do: RS256, whose
   * public key is the classic secret of the HMAC confusion attack.
   */
  private static final Map<String, String> RS256 = Map.of("KEYFOB_DEV_IDP_ALGORITHM", "RS256");

  private static Sandbox dev;
  private static Sandbox forged;
  private static TokenForge forge;
  private static Flows.Enrolled victim;
  private static String victimOrg;
  private static String forgedOrg;
  private static Flows.Enrolled forgedVictim;
  /** An RSA key that nothing trusts (made once: RSA keys cost a second of CPU here). */
  private static RSAKey attackerRsa;

  @BeforeAll
  static void start() {
    dev = Sandbox.start(RS256);
    forge = new TokenForge();
    try {
      attackerRsa = new RSAKeyGenerator(2048).keyID("attacker").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    forged = Sandbox.start(forge.environment());
    victimOrg = Ids.unique("org");
    victim = Flows.enrolledUser(dev.api, dev.clock, victimOrg, true);
    forgedOrg = Ids.unique("org");
    String forgedUser = Ids.unique("user");
    forgedVictim = Flows.enroll(forged.api, forged.clock, forgedUser, forgedOrg,
        forge.rs256(TokenForge.claims(forged.clock, forgedUser, forgedOrg, "member")));
  }

  @AfterAll
  static void stop() {
    dev.close();
    forged.close();
    forge.close();
  }

  /**
   * The victim's right code with this token: 200 and a used step if the token were accepted.
   * The code is taken before the token is made, so the sandbox clock (which the authenticator
   * may move to the next step) cannot age a token with times near a limit.
   */
  private static Reply verify(Api api, String code, String token) {
    return api.send(api.request("POST", "/v1/me/two-factor/verify").bearer(token)
        .json("{\"code\":\"" + code + "\"}"));
  }

  private static void refusedByDev(String token) {
    refusedByDev(victim.app().nextCode(), token);
  }

  private static void refusedByDev(String code, String token) {
    refused(dev, 401, "UNAUTHENTICATED", () -> verify(dev.api, code, token));
  }

  /** A token of the forged victim, its claims edited, signed by sign; refused, nothing changed. */
  private static void refusedByForged(Consumer<Map<String, Object>> edit,
      Function<Map<String, Object>, String> sign) {
    String code = forgedVictim.app().nextCode();
    Map<String, Object> claims = TokenForge.claims(forged.clock, forgedVictim.userId(),
        forgedOrg, "member");
    edit.accept(claims);
    String token = sign.apply(claims);
    refused(forged, 401, "UNAUTHENTICATED", () -> verify(forged.api, code, token));
  }

  private static void refusedByForged(String token) {
    String code = forgedVictim.app().nextCode();
    refused(forged, 401, "UNAUTHENTICATED", () -> verify(forged.api, code, token));
  }

  private static String[] parts(String token) {
    return token.split("\\.", -1);
  }

  private static String json(String base64url) {
    return new String(Base64URL.from(base64url).decode(), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> payloadOf(String token) {
    return new LinkedHashMap<>((Map<String, Object>) Reply.parseJson(json(parts(token)[1])));
  }

  private static String withPayload(String token, Map<String, Object> payload) {
    String[] p = parts(token);
    return p[0] + "." + TokenForge.b64(Json.write(payload)) + "." + p[2];
  }

  @Test
  void algNoneInAnySpellingIsRefused() {
    String[] p = parts(victim.idToken());
    for (String alg : List.of("none", "None", "NONE", "nOnE")) {
      String header = TokenForge.b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
      refusedByDev(header + "." + p[1] + ".");
      refusedByDev(header + "." + p[1] + "." + p[2]);
    }
  }

  @Test
  void hmacSignedWithTheIdentityProvidersPublicKeyMaterialIsRefused() throws Exception {
    String jwksText = dev.api.get("/dev/jwks.json", null).body();
    RSAKey published = (RSAKey) JWKSet.parse(jwksText).getKeys().get(0);
    byte[] der = published.toRSAPublicKey().getEncoded();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
    List<byte[]> secrets = List.of(jwksText.getBytes(StandardCharsets.UTF_8),
        published.toJSONString().getBytes(StandardCharsets.UTF_8),
        published.getModulus().decode(), der, pem.getBytes(StandardCharsets.US_ASCII));
    String payload = json(parts(victim.idToken())[1]);
    for (byte[] secret : secrets) {
      for (String alg : List.of("HS256", "HS384", "HS512")) {
        refusedByDev(TokenForge.signHmac(secret,
            TokenForge.header(alg, published.getKeyID()), payload));
      }
    }
  }

  @Test
  void tokensSignedByUnknownKeysAreRefusedWhateverTheirKid() throws JOSEException {
    ECKey attackerEc = new ECKeyGenerator(Curve.P_256).keyID("attacker-ec").generate();
    String devKid = TokenForgeHeaders.kid(parts(victim.idToken())[0]);
    String payload = json(parts(victim.idToken())[1]);
    refusedByDev(TokenForge.signRsa(attackerRsa, TokenForge.header("RS256", devKid), payload));
    refusedByDev(TokenForge.signRsa(attackerRsa, TokenForge.header("RS256", "attacker"), payload));
    refusedByDev(TokenForge.signRsa(attackerRsa, TokenForge.header("RS256", null), payload));
    refusedByDev(TokenForge.signRsa(attackerRsa, TokenForge.header("RS256", "../../etc/passwd"),
        payload));
    refusedByDev(TokenForge.signEc(attackerEc, TokenForge.header("ES256", devKid), payload));
    // A key the token carries itself, or names by URL, is never trusted.
    Map<String, Object> embedded = new LinkedHashMap<>();
    embedded.put("alg", "RS256");
    embedded.put("jwk", attackerRsa.toPublicJWK().toJSONObject());
    refusedByDev(TokenForge.signRsa(attackerRsa, Json.write(embedded), payload));
    Map<String, Object> jku = new LinkedHashMap<>();
    jku.put("alg", "RS256");
    jku.put("kid", TokenForge.RSA_KID);
    jku.put("jku", forge.jwksUrl().toString());
    refusedByDev(TokenForge.signRsa(forge.rsa, Json.write(jku), payload));
  }

  @Test
  void editedPayloadUnderTheOriginalSignatureIsRefused() {
    String memberToken = dev.api.idToken(DevToken.member(Ids.unique("mallory"), victimOrg));
    Map<String, Object> claims = payloadOf(memberToken);
    List<Consumer<Map<String, Object>>> edits = List.of(
        c -> c.put("sub", victim.userId()),
        c -> c.put("org_role", "admin"),
        c -> c.put("platform_role", "support"),
        c -> c.put("amr", List.of("sso")),
        c -> c.put("exp", ((Number) c.get("exp")).longValue() + 86400),
        c -> c.put("org_id", "other-org"));
    for (Consumer<Map<String, Object>> edit : edits) {
      Map<String, Object> edited = new LinkedHashMap<>(claims);
      edited.put("sub", victim.userId());
      edit.accept(edited);
      refusedByDev(withPayload(memberToken, edited));
    }
    // The same with a real MFA token of another user.
    Flows.Enrolled mallory = Flows.enrolledUser(dev.api, dev.clock, victimOrg, false);
    Map<String, Object> mfaClaims = payloadOf(mallory.mfaToken());
    mfaClaims.put("sub", victim.userId());
    refusedByDev(withPayload(mallory.mfaToken(), mfaClaims));
  }

  @Test
  void selfMadeTokensClaimingKeyfobAsIssuerAreRefused() throws JOSEException {
    Map<String, Object> claims = payloadOf(victim.mfaToken());
    String mfaKid = TokenForgeHeaders.kid(parts(victim.mfaToken())[0]);
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(mfaKid).generate();
    refusedByDev(TokenForge.signEc(attacker, TokenForge.header("ES256", mfaKid),
        Json.write(claims)));
    refusedByDev(TokenForge.signRsa(attackerRsa, TokenForge.header("RS256", mfaKid),
        Json.write(claims)));
    // An identity-provider token cannot pass as an MFA token by naming keyfob's issuer.
    Map<String, Object> idClaims = payloadOf(victim.idToken());
    idClaims.put("iss", dev.api.base().toString());
    idClaims.put("amr", List.of("pwd", "mfa", "otp"));
    idClaims.put("fv", claims.get("fv"));
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.post("/v1/me/two-factor/recovery-codes",
        withPayload(victim.idToken(), idClaims), "{}"));
  }

  @Test
  void malformedAndOversizedTokensAreRefused() {
    String t = victim.idToken();
    String[] p = parts(t);
    List<String> tokens = new ArrayList<>(List.of(p[0] + "." + p[1], t + ".extra",
        p[0] + "." + p[1] + "." + p[2] + ".a.b", "." + p[1] + "." + p[2], p[0] + ".." + p[2],
        "!!!." + p[1] + "." + p[2], TokenForge.b64("[]") + "." + p[1] + "." + p[2],
        TokenForge.b64("\"RS256\"") + "." + p[1] + "." + p[2], p[0] + "." + TokenForge.b64("[1]")
        + "." + p[2], p[0] + "." + p[1] + "." + p[2].substring(1), t.toUpperCase(),
        t + "A".repeat(9000)));
    for (String token : tokens) {
      refusedByDev(token);
    }
    for (String header : List.of("Basic " + t, "Bearer", "Bearer ", t, "Token " + t,
        "Bearer " + t + " " + t, "Bearer " + t + "," + t)) {
      refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.send(dev.api.request("POST",
          "/v1/me/two-factor/verify").header("Authorization", header)
          .json("{\"code\":\"" + victim.app().nextCode() + "\"}")));
    }
  }

  @Test
  void expiredTokensAreRefusedAndOneInsideTheLeewayCannotBecomeAnMfaToken() {
    String userId = victim.userId();
    String code = victim.app().nextCode();
    refusedByDev(code, dev.api.idToken(DevToken.admin(userId, victimOrg)
        .expiresInSeconds(-61)));
    // Within the 60 s leeway the token is valid, but the MFA token may not outlive it: the
    // attempt is refused before the code, the recovery code or the enrollment is used.
    String leeway = dev.api.idToken(DevToken.admin(userId, victimOrg).expiresInSeconds(-30));
    assertEquals(200, dev.api.get("/v1/me/two-factor", leeway).status());
    refusedByDev(code, leeway);
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.post("/v1/me/two-factor/recover",
        leeway, Map.of("recoveryCode", victim.recoveryCodes().get(0))));
    String newcomer = Ids.unique("user");
    String fresh = dev.api.idToken(DevToken.member(newcomer, victimOrg));
    Reply started = dev.api.post("/v1/me/two-factor/enrollment", fresh, "{}");
    String stale = dev.api.idToken(DevToken.member(newcomer, victimOrg).expiresInSeconds(-30));
    dev.api.get("/v1/me/two-factor", stale);
    var app = new dev.keyfob.local.contract.Authenticator(started.string("secret"), dev.clock);
    String confirmCode = app.nextCode();
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.post(
        "/v1/me/two-factor/enrollment/confirm", stale,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", confirmCode)));
    // With a valid token all three still work: nothing was used up.
    assertEquals(200, dev.api.post("/v1/me/two-factor/enrollment/confirm", fresh,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", confirmCode))
        .status());
    assertEquals(200, verify(dev.api, code, victim.idToken()).status());
    assertEquals(200, dev.api.post("/v1/me/two-factor/recover", victim.idToken(),
        Map.of("recoveryCode", victim.recoveryCodes().get(0))).status());
  }

  @Test
  void mfaTokensOfAnEarlierFactorVersionAreRefusedAfterResetMethodChangeAndRemoval() {
    String org = Ids.unique("org");
    String admin = dev.api.idToken(DevToken.admin(Ids.unique("admin"), org));
    // Reset.
    Flows.Enrolled reset = Flows.enrolledUser(dev.api, dev.clock, org, false);
    dev.api.post("/v1/orgs/" + org + "/two-factor/resets", admin,
        Map.of("userIds", List.of(reset.userId()), "reason", "r"));
    Flows.Enrolled again = Flows.enroll(dev.api, dev.clock, reset.userId(), org,
        reset.idToken());
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.post("/v1/me/two-factor/recovery-codes",
        reset.mfaToken(), "{}"));
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.delete("/v1/me/two-factor",
        reset.mfaToken()));
    assertEquals(200, dev.api.get("/v1/me/two-factor", again.mfaToken()).status());
    // Method change.
    Flows.Enrolled changer = Flows.enrolledUser(dev.api, dev.clock, org, false);
    Reply started = dev.api.post("/v1/me/two-factor/enrollment", changer.mfaToken(), "{}");
    var newApp = new dev.keyfob.local.contract.Authenticator(started.string("secret"),
        dev.clock);
    assertEquals(200, dev.api.post("/v1/me/two-factor/enrollment/confirm", changer.idToken(),
        Map.of("enrollmentId", started.string("enrollmentId"), "code", newApp.nextCode()))
        .status());
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.post("/v1/me/two-factor/enrollment",
        changer.mfaToken(), "{}"));
    // Removal, then a new factor: the token of the first factor stays void.
    Flows.Enrolled remover = Flows.enrolledUser(dev.api, dev.clock, org, false);
    assertEquals(204, dev.api.delete("/v1/me/two-factor", remover.mfaToken()).status());
    Flows.enroll(dev.api, dev.clock, remover.userId(), org, remover.idToken());
    refused(dev, 401, "UNAUTHENTICATED", () -> dev.api.delete("/v1/me/two-factor",
        remover.mfaToken()));
  }

  @Test
  void tokensOfAnotherLocalApiOfThisProcessAreRefusedThoughItSignsWithTheSameKey() {
    try (Sandbox other = Sandbox.start(RS256)) {
      String theirs = other.api.idToken(DevToken.member(victim.userId(), victimOrg));
      assertEquals(dev.server.devIdentityProvider().keyId(),
          other.server.devIdentityProvider().keyId(), "one development key per process");
      assertEquals(200, other.api.get("/v1/me/two-factor", theirs).status(),
          "the token is good where it was made");
      refusedByDev(theirs);
    }
  }

  @Test
  void identityProviderTokensCannotStandInForMfaTokensWhateverTheirAmr() {
    String pretender = dev.api.idToken(DevToken.admin(victim.userId(), victimOrg)
        .amr("pwd", "mfa", "otp"));
    for (String token : List.of(victim.idToken(), pretender)) {
      refused(dev, 403, "MFA_REQUIRED", () -> dev.api.post("/v1/me/two-factor/recovery-codes",
          token, "{}"));
      refused(dev, 403, "MFA_REQUIRED", () -> dev.api.delete("/v1/me/two-factor", token));
      refused(dev, 403, "MFA_REQUIRED", () -> dev.api.post("/v1/me/two-factor/enrollment",
          token, "{}"));
      refused(dev, 403, "MFA_REQUIRED", () -> dev.api.post("/v1/orgs/" + victimOrg
          + "/two-factor/resets", token, Map.of("userIds", List.of("x"), "reason", "r")));
      refused(dev, 403, "MFA_REQUIRED", () -> dev.api.put("/v1/orgs/" + victimOrg
          + "/security/sso", token, Map.of("enabled", true)));
    }
  }

  @Test
  void validlySignedTokensWithWrongIssuerAudienceOrTimesAreRefused() {
    String user = forgedVictim.userId();
    List<Consumer<Map<String, Object>>> bad = List.of(
        c -> c.put("iss", "https://evil.test"),
        c -> c.put("iss", TokenForge.ISSUER + "/"),
        c -> c.put("iss", TokenForge.ISSUER.toUpperCase()),
        c -> c.remove("iss"),
        c -> c.put("aud", "someone-else"),
        c -> c.put("aud", List.of("someone-else", "another")),
        c -> c.remove("aud"),
        c -> c.put("exp", epoch() - 61),
        c -> c.remove("exp"),
        c -> c.put("exp", "tomorrow"),
        c -> c.put("nbf", epoch() + 61),
        c -> c.put("iat", epoch() + 61),
        c -> c.put("auth_time", epoch() + 61),
        c -> c.remove("auth_time"));
    for (Consumer<Map<String, Object>> edit : bad) {
      refusedByForged(edit, forge::rs256);
      refusedByForged(edit, forge::es256);
    }
    // Controls: the same keys with good claims are accepted, an audience list included, and
    // times inside the 60 s leeway.
    Consumer<Map<String, Object>> good = c -> {
      c.put("aud", List.of("someone-else", TokenForge.AUDIENCE));
      c.put("nbf", epoch() + 60);
      c.put("iat", epoch() + 60);
    };
    for (Function<Map<String, Object>, String> sign : List.<Function<Map<String, Object>,
        String>>of(forge::rs256, forge::es256)) {
      String code = forgedVictim.app().nextCode();
      Map<String, Object> claims = TokenForge.claims(forged.clock, user, forgedOrg, "member");
      good.accept(claims);
      assertEquals(200, verify(forged.api, code, sign.apply(claims)).status());
    }
  }

  private static long epoch() {
    return forged.clock.instant().getEpochSecond();
  }

  @Test
  void claimsOfTheWrongTypeOrOutsideTheContractAreRefused() {
    String user = forgedVictim.userId();
    List<Consumer<Map<String, Object>>> bad = List.of(
        c -> c.put("sub", user + "#STATE"),
        c -> c.put("sub", "u".repeat(129)),
        c -> c.put("sub", ""),
        c -> c.remove("sub"),
        c -> c.put("org_id", List.of(forgedOrg)),
        c -> c.put("org_id", "ORG#" + forgedOrg),
        c -> c.remove("org_id"),
        c -> c.put("org_role", "owner"),
        c -> c.put("org_role", "ADMIN"),
        c -> c.put("amr", "pwd"),
        c -> c.put("amr", List.of("pwd", 7)),
        c -> c.remove("amr"),
        c -> c.put("pwd_set", "true"),
        c -> c.put("email", 12),
        c -> c.put("platform_role", List.of("support")));
    for (Consumer<Map<String, Object>> edit : bad) {
      refusedByForged(edit, forge::rs256);
    }
  }

  @Test
  void weakKeysMismatchedKeyTypesAndCriticalHeadersAreRefused() {
    Consumer<Map<String, Object>> asIs = c -> { };
    refusedByForged(asIs, c -> TokenForge.signRsa(forge.weak, TokenForge.header("RS256",
        TokenForge.WEAK_KID), Json.write(c)));
    refusedByForged(asIs, c -> TokenForge.signRsa(forge.rsa, TokenForge.header("RS256",
        TokenForge.EC_KID), Json.write(c)));
    refusedByForged(asIs, c -> TokenForge.signEc(forge.ec, TokenForge.header("ES256",
        TokenForge.RSA_KID), Json.write(c)));
    refusedByForged(asIs, c -> TokenForge.signRsa(forge.rsa, "{\"alg\":\"RS256\",\"kid\":\""
        + TokenForge.RSA_KID + "\",\"crit\":[\"exp\"],\"exp\":1}", Json.write(c)));
    refusedByForged(asIs, c -> TokenForge.signRsa(forge.rsa, "{\"alg\":\"PS256\",\"kid\":\""
        + TokenForge.RSA_KID + "\"}", Json.write(c)));
    refusedByForged(asIs, c -> TokenForge.signEc(forge.ec, "{\"alg\":\"ES512\",\"kid\":\""
        + TokenForge.EC_KID + "\"}", Json.write(c)));
  }

  @Test
  void aClaimThatIsNotValidUnicodeIsRefusedWithoutTouchingStorage() {
    String userId = Ids.unique("user");
    String payload = Json.write(TokenForge.claims(forged.clock, userId, forgedOrg, "member"))
        .replace(userId + "@forge.test", "x\\ud800y@forge.test");
    String token = TokenForge.signRsa(forge.rsa, TokenForge.header("RS256", TokenForge.RSA_KID),
        payload);
    refused(forged, 401, "UNAUTHENTICATED", () -> forged.api.get("/v1/me/two-factor", token));
    refused(forged, 401, "UNAUTHENTICATED", () -> forged.api.post(
        "/v1/me/two-factor/enrollment", token, "{}"));
  }

  /** Reads header members of a compact JWS. */
  static final class TokenForgeHeaders {
    private TokenForgeHeaders() {}

    static String kid(String base64Header) {
      Object h = Reply.parseJson(json(base64Header));
      return (String) ((Map<?, ?>) h).get("kid");
    }
  }
}
