package dev.keyfob.testkit.webauthn;

import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code navigator.credentials.get()} answered by a {@link SoftwareAuthenticator}.
 * {@link #build()} advances the authenticator's counter (unless {@link #signCount} fixed it),
 * signs {@code authenticatorData || SHA-256(clientDataJSON)} and returns the
 * {@code AuthenticationResponseJSON}.
 */
public final class GetAssertion extends ClientCeremony<GetAssertion> {
  private Long signCount;
  private byte[] claimedCredentialId;
  private byte[] userHandle;
  private boolean userHandleSet;
  private boolean corruptSignature;
  private SoftwareAuthenticator signer;

  GetAssertion(SoftwareAuthenticator authenticator, byte[] challenge, String rpId, String origin) {
    super(authenticator, "webauthn.get", challenge, rpId, origin);
    this.signer = authenticator;
  }

  /** Reports this counter value and leaves the authenticator's counter as it is. */
  public GetAssertion signCount(long value) {
    this.signCount = value;
    return this;
  }

  /** Puts another credential id in {@code id} and {@code rawId}; the signature stays this key's. */
  public GetAssertion claimCredentialId(byte[] value) {
    this.claimedCredentialId = value.clone();
    return this;
  }

  /** Overrides {@code response.userHandle}; {@code null} leaves it out. */
  public GetAssertion userHandle(byte[] value) {
    this.userHandle = value == null ? null : value.clone();
    this.userHandleSet = true;
    return this;
  }

  /** Flips one bit of the signature so it no longer verifies. */
  public GetAssertion corruptSignature() {
    this.corruptSignature = true;
    return this;
  }

  /** Signs with another authenticator's private key. */
  public GetAssertion signWith(SoftwareAuthenticator other) {
    this.signer = other;
    return this;
  }

  /** The authentication response. */
  public CredentialJson build() {
    byte[] clientDataJson = clientDataJson();
    long counter = signCount != null ? signCount : authenticator.advanceCounter();
    AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> authData =
        new AuthenticatorData<>(rpIdHash, flagsByte(0), counter);
    byte[] authenticatorData = Encoding.AUTHENTICATOR_DATA.convert(authData);
    byte[] signature = signer.algorithm().sign(
        signer.keyPair().getPrivate(), concat(authenticatorData, sha256(clientDataJson)));
    if (corruptSignature) {
      // The last byte is inside the signature value for DER ECDSA, Ed25519 and RSA alike,
      // so the encoding stays well-formed and only the check fails.
      signature[signature.length - 1] ^= 0x01;
    }
    byte[] handle = userHandleSet ? userHandle : authenticator.userHandle();
    byte[] id = claimedCredentialId != null ? claimedCredentialId : authenticator.credentialId();

    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", Encoding.base64url(clientDataJson));
    response.put("authenticatorData", Encoding.base64url(authenticatorData));
    response.put("signature", Encoding.base64url(signature));
    if (handle != null) {
      response.put("userHandle", Encoding.base64url(handle));
    }

    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("id", Encoding.base64url(id));
    credential.put("rawId", Encoding.base64url(id));
    credential.put("type", "public-key");
    credential.put("authenticatorAttachment", authenticator.attachment());
    credential.put("response", response);
    credential.put("clientExtensionResults", new LinkedHashMap<>());
    return new CredentialJson(credential);
  }
}
