package dev.keyfob.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.keyfob.crypto.EncryptionBinding;
import dev.keyfob.crypto.EnvelopeCipher;
import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.store.SigningKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Turns ES256 (P-256) signing keys into their stored form and back: the kid is the key's RFC 7638
 * SHA-256 thumbprint, so it commits to the public key; the private JWK is envelope-encrypted
 * bound to ({@value #PURPOSE}, kid), so an envelope copied under another kid does not decrypt;
 * and every key read back is checked to be the one its kid and stored public key name.
 *
 * <p>Private key material never appears in messages. Thread-safe.
 */
public final class SigningKeyCodec {

  /** Purpose of the {@link EncryptionBinding} of private keys; the subject is the kid. */
  public static final String PURPOSE = "mfa-signing-key";

  private final EnvelopeCipher cipher;

  public SigningKeyCodec(EnvelopeCipher cipher) {
    this.cipher = cipher;
  }

  /** A new key and its stored form; one KMS call (the data key). */
  public NewKey generate(Instant now) {
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
    }
    byte[] privateJson = key.toJSONString().getBytes(StandardCharsets.UTF_8);
    try {
      byte[] envelope = cipher.encrypt(privateJson, binding(key.getKeyID()));
      return new NewKey(key, new SigningKeyRecord(key.getKeyID(), true,
          key.toPublicJWK().toJSONString(), envelope, now, null));
    } catch (GeneralSecurityException e) {
      throw new DependencyUnavailableException("kms", e);
    } finally {
      Arrays.fill(privateJson, (byte) 0);
    }
  }

  /**
   * The private key of a stored key; one KMS call.
   *
   * @throws DependencyUnavailableException if KMS is unreachable or refuses (a tampered item, a
   *     wrong key, a missing permission; the cause says which)
   * @throws IllegalStateException if the item is corrupt or does not match its kid
   */
  public ECKey open(SigningKeyRecord stored) {
    byte[] envelope = stored.privateKeyEnvelope();
    if (envelope == null) {
      throw new IllegalStateException("signing key " + stored.kid() + " has no private key");
    }
    ECKey storedPublic = publicKey(stored);
    byte[] plaintext;
    try {
      plaintext = cipher.decrypt(envelope, binding(stored.kid()));
    } catch (GeneralSecurityException e) {
      throw new DependencyUnavailableException("kms", e);
    }
    try {
      ECKey key = ECKey.parse(new String(plaintext, StandardCharsets.UTF_8));
      if (!key.isPrivate() || !stored.kid().equals(key.getKeyID())
          || !Curve.P_256.equals(key.getCurve())
          || !stored.kid().equals(key.computeThumbprint().toString())
          || !stored.kid().equals(storedPublic.computeThumbprint().toString())) {
        throw new IllegalStateException("signing key " + stored.kid()
            + " does not match its kid");
      }
      return key;
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("signing key " + stored.kid() + " cannot be read");
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The public key of a stored key, checked against its kid; no KMS call. */
  public ECKey publicKey(SigningKeyRecord stored) {
    ECKey key;
    try {
      key = ECKey.parse(stored.publicJwk());
    } catch (ParseException e) {
      throw new IllegalStateException("stored public key " + stored.kid() + " cannot be read");
    }
    if (key.isPrivate() || !stored.kid().equals(key.getKeyID())
        || !Curve.P_256.equals(key.getCurve())) {
      throw new IllegalStateException("stored public key " + stored.kid()
          + " does not match its kid");
    }
    return key;
  }

  private static EncryptionBinding binding(String kid) {
    return new EncryptionBinding(PURPOSE, kid);
  }

  /** A freshly generated key: the key itself, and what to store. */
  public record NewKey(ECKey key, SigningKeyRecord stored) {
    @Override
    public String toString() {
      return "NewKey[kid=" + stored.kid() + "]";
    }
  }
}
