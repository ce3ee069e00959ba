package dev.keyfob.testkit.webauthn;

import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.authenticator.EdDSACOSEKey;
import com.webauthn4j.data.attestation.authenticator.RSACOSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A WebAuthn authenticator in software, for tests: it holds one credential (a key pair, a
 * credential id, a signature counter, flags) and answers {@code navigator.credentials.create()}
 * and {@code get()} the way a browser would hand the result to a relying party, as
 * {@link CredentialJson} in the WebAuthn Level 3 JSON forms, with "none" attestation.
 *
 * <p>Every field a relying party checks can be tampered with through {@link MakeCredential} and
 * {@link GetAssertion} (type, challenge, origin, RP ID hash, flags, algorithm, counter,
 * signature, credential id), and the JSON itself through {@link CredentialJson#with}. The
 * attestation object, COSE key and authenticator data are encoded by webauthn4j's converters,
 * so no CBOR is written by hand here.
 *
 * <p>Not thread-safe: the signature counter advances on each assertion. Build responses on one
 * thread, then send them from as many as a test likes.
 */
public final class SoftwareAuthenticator {
  private final CoseAlgorithm algorithm;
  private final KeyPair keyPair;
  private final byte[] credentialId;
  private final EnumSet<AuthenticatorFlag> flags;
  private final int counterStep;
  private final UUID aaguid;
  private final List<String> transports;
  private final String attachment;
  private long signCount;
  private byte[] userHandle;

  private SoftwareAuthenticator(Builder builder) {
    this.algorithm = builder.algorithm;
    this.keyPair = algorithm.generateKeyPair(builder.random);
    this.credentialId = builder.credentialId != null
        ? builder.credentialId.clone() : randomBytes(builder.random, 32);
    this.flags = EnumSet.noneOf(AuthenticatorFlag.class);
    this.flags.addAll(builder.flags);
    this.counterStep = builder.counterStep;
    this.signCount = builder.signCount;
    this.aaguid = builder.aaguid;
    this.transports = List.copyOf(builder.transports);
    this.attachment = builder.attachment;
  }

  /** A roaming security key: ES256, flags UP, counter +1 per assertion, USB and NFC. */
  public static SoftwareAuthenticator securityKey() {
    return builder().build();
  }

  /**
   * A synced platform passkey: ES256, flags UP, UV, BE and BS, a counter that stays 0 (as
   * synced passkeys report), transports internal and hybrid.
   */
  public static SoftwareAuthenticator passkey() {
    return builder()
        .flags(EnumSet.allOf(AuthenticatorFlag.class))
        .counterStep(0)
        .transports(List.of("internal", "hybrid"))
        .attachment("platform")
        .build();
  }

  /** A builder starting from the {@link #securityKey()} defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a registration ({@code create()}) for the options' challenge, RP ID and page origin. */
  public MakeCredential makeCredential(byte[] challenge, String rpId, String origin) {
    return new MakeCredential(this, challenge, rpId, origin);
  }

  /** Starts an assertion ({@code get()}) for the options' challenge, RP ID and page origin. */
  public GetAssertion getAssertion(byte[] challenge, String rpId, String origin) {
    return new GetAssertion(this, challenge, rpId, origin);
  }

  /** The credential id (a copy). */
  public byte[] credentialId() {
    return credentialId.clone();
  }

  /** The algorithm of the credential's key. */
  public CoseAlgorithm algorithm() {
    return algorithm;
  }

  /** The credential's public key. */
  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /**
   * The public key as a COSE_Key (RFC 9052) with this authenticator's algorithm, as a relying
   * party stores it.
   */
  public byte[] publicKeyCose() {
    return Encoding.OBJECTS.getCborMapper()
        .writeValueAsBytes(coseKey(algorithm.coseIdentifier()));
  }

  /** The signature counter as of the last response. */
  public long signCount() {
    return signCount;
  }

  /** Sets the counter, e.g. back to an earlier value to act as a cloned authenticator. */
  public void setSignCount(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("a signature counter is an unsigned 32-bit value");
    }
    this.signCount = value;
  }

  /** The flags this authenticator sets by default (a copy). */
  public Set<AuthenticatorFlag> flags() {
    return EnumSet.copyOf(flags);
  }

  /** The user handle stored at the last registration, or {@code null} before one. */
  public byte[] userHandle() {
    return userHandle == null ? null : userHandle.clone();
  }

  List<String> transports() {
    return transports;
  }

  String attachment() {
    return attachment;
  }

  UUID aaguid() {
    return aaguid;
  }

  KeyPair keyPair() {
    return keyPair;
  }

  void rememberUserHandle(byte[] handle) {
    this.userHandle = handle == null ? null : handle.clone();
  }

  long advanceCounter() {
    signCount = Math.min(0xFFFF_FFFFL, signCount + counterStep);
    return signCount;
  }

  COSEKey coseKey(long coseAlgorithm) {
    COSEAlgorithmIdentifier alg = COSEAlgorithmIdentifier.create(coseAlgorithm);
    PublicKey key = keyPair.getPublic();
    return switch (algorithm) {
      case ES256 -> EC2COSEKey.create((ECPublicKey) key, alg);
      case EDDSA -> EdDSACOSEKey.create((EdECPublicKey) key, alg);
      case RS256 -> RSACOSEKey.create((RSAPublicKey) key, alg);
    };
  }

  static byte[] randomBytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Options for a new {@link SoftwareAuthenticator}; defaults are a USB security key. */
  public static final class Builder {
    private CoseAlgorithm algorithm = CoseAlgorithm.ES256;
    private SecureRandom random = new SecureRandom();
    private byte[] credentialId;
    private Set<AuthenticatorFlag> flags = EnumSet.of(AuthenticatorFlag.UP);
    private int counterStep = 1;
    private long signCount;
    private UUID aaguid = new UUID(0, 0);
    private List<String> transports = List.of("usb", "nfc");
    private String attachment = "cross-platform";

    private Builder() {}

    /** The key's algorithm (default ES256). */
    public Builder algorithm(CoseAlgorithm value) {
      this.algorithm = Objects.requireNonNull(value);
      return this;
    }

    /** The random source for the key and credential id, e.g. a seeded one for repeatable tests. */
    public Builder random(SecureRandom value) {
      this.random = Objects.requireNonNull(value);
      return this;
    }

    /** A fixed credential id (default: 32 random bytes). */
    public Builder credentialId(byte[] value) {
      if (value.length == 0 || value.length > 1023) {
        throw new IllegalArgumentException("a credential id is 1 to 1023 bytes");
      }
      this.credentialId = value.clone();
      return this;
    }

    /** The flags set in every response (default UP). */
    public Builder flags(Set<AuthenticatorFlag> value) {
      this.flags = EnumSet.noneOf(AuthenticatorFlag.class);
      this.flags.addAll(value);
      return this;
    }

    /** How much the counter advances per assertion; 0 for authenticators without one. */
    public Builder counterStep(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("counterStep must be >= 0");
      }
      this.counterStep = value;
      return this;
    }

    /** The counter value reported at registration (default 0). */
    public Builder signCount(long value) {
      this.signCount = value;
      return this;
    }

    /** The AAGUID reported at registration (default all zeros). */
    public Builder aaguid(UUID value) {
      this.aaguid = Objects.requireNonNull(value);
      return this;
    }

    /** The transports reported by {@code getTransports()}. */
    public Builder transports(List<String> value) {
      this.transports = new ArrayList<>(value);
      return this;
    }

    /** {@code "platform"} or {@code "cross-platform"}. */
    public Builder attachment(String value) {
      this.attachment = Objects.requireNonNull(value);
      return this;
    }

    /** The authenticator, with a fresh key pair. */
    public SoftwareAuthenticator build() {
      return new SoftwareAuthenticator(this);
    }
  }

  @Override
  public String toString() {
    return "SoftwareAuthenticator[" + algorithm
        + ", credentialId=" + Encoding.base64url(credentialId) + ", flags=" + flags
        + ", signCount=" + signCount + ", transports=" + transports
        + ", userHandle=" + (userHandle == null ? "none" : Encoding.base64url(userHandle)) + "]";
  }
}
