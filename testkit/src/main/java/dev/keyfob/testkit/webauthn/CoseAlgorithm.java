package dev.keyfob.testkit.webauthn;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * Signature algorithms a {@link SoftwareAuthenticator} can hold a key for, named by their COSE
 * algorithm identifier (IANA "COSE Algorithms" registry, RFC 9053).
 *
 * <p>ES256 signs with ECDSA over P-256 and SHA-256 and emits the ASN.1 DER signature form that
 * WebAuthn uses; EDDSA signs with Ed25519 (RFC 8032); RS256 signs with RSASSA-PKCS1-v1_5 and
 * SHA-256 over a 2048-bit key. Immutable and thread-safe.
 */
public enum CoseAlgorithm {
  /** ECDSA with P-256 and SHA-256, COSE -7. */
  ES256(-7, "SHA256withECDSA"),
  /** EdDSA with Ed25519, COSE -8. */
  EDDSA(-8, "Ed25519"),
  /** RSASSA-PKCS1-v1_5 with SHA-256 (2048-bit key), COSE -257. */
  RS256(-257, "SHA256withRSA");

  private final long coseIdentifier;
  private final String jcaSignatureName;

  CoseAlgorithm(long coseIdentifier, String jcaSignatureName) {
    this.coseIdentifier = coseIdentifier;
    this.jcaSignatureName = jcaSignatureName;
  }

  /** The COSE algorithm identifier, e.g. -7 for ES256. */
  public long coseIdentifier() {
    return coseIdentifier;
  }

  KeyPair generateKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator;
      switch (this) {
        case ES256 -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        case EDDSA -> generator = KeyPairGenerator.getInstance("Ed25519");
        case RS256 -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048, random);
        }
        default -> throw new AssertionError("every constant is handled above: " + this);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("Java 17 ships P-256, Ed25519 and RSA key generation", e);
    }
  }

  byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(jcaSignatureName);
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("Java 17 ships " + jcaSignatureName, e);
    }
  }
}
