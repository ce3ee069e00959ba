package dev.keyfob.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.recovery.RecoveryCodeHasher;
import dev.keyfob.recovery.RecoveryCodes;
import dev.keyfob.totp.QrCodes;
import dev.keyfob.totp.Totp;
import dev.keyfob.totp.TotpSecrets;
import java.security.SecureRandom;
import java.text.ParseException;

/**
 * Runs keyfob's crypto once on throwaway inputs, so that a SnapStart snapshot holds its classes
 * loaded and initialised: TOTP, ES256 signing and verifying with a throwaway key, and where a
 * function needs them, PBKDF2 and QR rendering. Touches no state and no real key.
 */
public final class Priming {

  private Priming() {}

  /**
   * @param recoveryCodes whether the function hashes recovery codes
   * @param qrCodes whether the function renders QR codes
   */
  public static void crypto(KeyfobApp app, boolean recoveryCodes, boolean qrCodes) {
    SecureRandom random = new SecureRandom();
    byte[] secret = TotpSecrets.generate(random);
    new Totp(app.clock()).codeAt(secret, Totp.stepAt(app.clock().instant()));
    try {
      ECKey throwaway = new ECKeyGenerator(Curve.P_256).keyID("priming").generate();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
          .keyID("priming").build(), new JWTClaimsSet.Builder().subject("priming").build());
      jwt.sign(new ECDSASigner(throwaway));
      SignedJWT.parse(jwt.serialize()).verify(new ECDSAVerifier(throwaway.toPublicJWK()));
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException("ES256 does not work in this JVM", e);
    }
    if (recoveryCodes) {
      RecoveryCodeHasher hasher = new RecoveryCodeHasher(app.settings().recoveryCodeIterations());
      hasher.hash(hasher.newSalt(random), RecoveryCodes.generate(random).get(0));
    }
    if (qrCodes) {
      QrCodes.pngDataUri("otpauth://totp/priming:priming?secret=AAAA&issuer=priming");
      QrCodes.svg("otpauth://totp/priming:priming?secret=AAAA&issuer=priming");
    }
  }
}
