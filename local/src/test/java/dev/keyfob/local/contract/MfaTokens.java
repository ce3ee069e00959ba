package dev.keyfob.local.contract;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** What a host application does with an MFA token: verify it with keyfob's published JWKS. */
public final class MfaTokens {

  private MfaTokens() {}

  /**
   * Verifies the ES256 signature with the key its {@code kid} names in {@code GET
   * /.well-known/jwks.json} and returns the claims; fails the test otherwise.
   */
  public static JWTClaimsSet verifiedClaims(Api api, String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
        throw new AssertionError("MFA token alg is " + jwt.getHeader().getAlgorithm());
      }
      Reply jwks = api.get("/.well-known/jwks.json", null);
      JWK key = JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
      if (!(key instanceof ECKey ec)) {
        throw new AssertionError("kid " + jwt.getHeader().getKeyID() + " not in the JWKS");
      }
      if (!jwt.verify(new ECDSAVerifier(ec))) {
        throw new AssertionError("MFA token signature does not verify with the JWKS");
      }
      return jwt.getJWTClaimsSet();
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      throw new AssertionError("MFA token does not parse or verify", e);
    }
  }

  /** The claims of any JWT without verifying it (for identity-provider tokens in tests). */
  public static JWTClaimsSet unverifiedClaims(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet();
    } catch (java.text.ParseException e) {
      throw new AssertionError("not a JWT", e);
    }
  }
}
