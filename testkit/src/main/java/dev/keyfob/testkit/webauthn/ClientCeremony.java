package dev.keyfob.testkit.webauthn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the client (browser) and authenticator put into one ceremony, with a setter for every
 * value a relying party checks, so a test can get each check to fail on its own. Each
 * {@link SoftwareAuthenticator} call returns a fresh one; {@code build()} produces the response.
 *
 * @param <T> the concrete ceremony, for chaining
 */
public abstract class ClientCeremony<T extends ClientCeremony<T>> {
  final SoftwareAuthenticator authenticator;
  String type;
  byte[] challenge;
  String origin;
  Boolean crossOrigin = Boolean.FALSE;
  byte[] rpIdHash;
  final EnumSet<AuthenticatorFlag> flags;

  ClientCeremony(SoftwareAuthenticator authenticator, String type, byte[] challenge, String rpId,
      String origin) {
    this.authenticator = authenticator;
    this.type = type;
    this.challenge = challenge.clone();
    this.origin = Objects.requireNonNull(origin);
    this.rpIdHash = sha256(rpId.getBytes(StandardCharsets.UTF_8));
    this.flags = EnumSet.noneOf(AuthenticatorFlag.class);
    this.flags.addAll(authenticator.flags());
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** Overrides {@code clientDataJSON.type} (e.g. {@code "webauthn.get"} in a registration). */
  public T type(String value) {
    this.type = value;
    return self();
  }

  /** Overrides the challenge the client signs (the options' challenge by default). */
  public T challenge(byte[] value) {
    this.challenge = value.clone();
    return self();
  }

  /** Overrides {@code clientDataJSON.origin}. */
  public T origin(String value) {
    this.origin = value;
    return self();
  }

  /** Sets {@code clientDataJSON.crossOrigin}; {@code null} leaves the member out. */
  public T crossOrigin(Boolean value) {
    this.crossOrigin = value;
    return self();
  }

  /** Uses the hash of another RP ID in the authenticator data. */
  public T rpId(String value) {
    this.rpIdHash = sha256(value.getBytes(StandardCharsets.UTF_8));
    return self();
  }

  /** Uses these 32 bytes as the RP ID hash. */
  public T rpIdHash(byte[] value) {
    if (value.length != 32) {
      throw new IllegalArgumentException("an RP ID hash is 32 bytes");
    }
    this.rpIdHash = value.clone();
    return self();
  }

  /** Sets a flag in this response's authenticator data. */
  public T set(AuthenticatorFlag flag) {
    flags.add(flag);
    return self();
  }

  /** Clears a flag in this response's authenticator data (e.g. UP). */
  public T clear(AuthenticatorFlag flag) {
    flags.remove(flag);
    return self();
  }

  byte flagsByte(int extraBits) {
    int bits = extraBits;
    for (AuthenticatorFlag flag : flags) {
      bits |= flag.bit();
    }
    return (byte) bits;
  }

  byte[] clientDataJson() {
    Map<String, Object> clientData = new LinkedHashMap<>();
    clientData.put("type", type);
    clientData.put("challenge", Encoding.base64url(challenge));
    clientData.put("origin", origin);
    if (crossOrigin != null) {
      clientData.put("crossOrigin", crossOrigin);
    }
    return Encoding.json(clientData).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform ships SHA-256", e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
