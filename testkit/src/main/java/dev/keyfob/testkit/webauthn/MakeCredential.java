package dev.keyfob.testkit.webauthn;

import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code navigator.credentials.create()} answered by a {@link SoftwareAuthenticator}, with
 * "none" attestation. {@link #build()} returns the {@code RegistrationResponseJSON} and makes the
 * authenticator remember the user handle for later assertions.
 */
public final class MakeCredential extends ClientCeremony<MakeCredential> {
  private static final int FLAG_AT = 0x40;

  private byte[] userHandle;
  private Long coseAlgorithm;
  private Long signCount;

  MakeCredential(SoftwareAuthenticator authenticator, byte[] challenge, String rpId,
      String origin) {
    super(authenticator, "webauthn.create", challenge, rpId, origin);
  }

  /** The options' {@code user.id}, stored by a discoverable credential. */
  public MakeCredential userHandle(byte[] value) {
    this.userHandle = value.clone();
    return this;
  }

  /** Writes another algorithm identifier into the COSE key, e.g. -35 (ES384) or -65535 (RS1). */
  public MakeCredential coseAlgorithm(long value) {
    this.coseAlgorithm = value;
    return this;
  }

  /** The counter reported in the attested authenticator data (default: the authenticator's). */
  public MakeCredential signCount(long value) {
    this.signCount = value;
    return this;
  }

  /** The registration response. */
  public CredentialJson build() {
    byte[] clientDataJson = clientDataJson();
    long alg = coseAlgorithm != null ? coseAlgorithm : authenticator.algorithm().coseIdentifier();
    byte[] credentialId = authenticator.credentialId();
    AttestedCredentialData attested = new AttestedCredentialData(
        new AAGUID(authenticator.aaguid()), credentialId, authenticator.coseKey(alg));
    long counter = signCount != null ? signCount : authenticator.signCount();
    AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authData =
        new AuthenticatorData<>(rpIdHash, flagsByte(FLAG_AT), counter, attested);
    AttestationObject attestationObject =
        new AttestationObject(authData, new NoneAttestationStatement());

    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", Encoding.base64url(clientDataJson));
    response.put("attestationObject",
        Encoding.base64url(Encoding.ATTESTATION_OBJECTS.convertToBytes(attestationObject)));
    response.put("authenticatorData",
        Encoding.base64url(Encoding.AUTHENTICATOR_DATA.convert(authData)));
    response.put("transports", authenticator.transports());
    response.put("publicKey", Encoding.base64url(authenticator.publicKey().getEncoded()));
    response.put("publicKeyAlgorithm", alg);

    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("id", Encoding.base64url(credentialId));
    credential.put("rawId", Encoding.base64url(credentialId));
    credential.put("type", "public-key");
    credential.put("authenticatorAttachment", authenticator.attachment());
    credential.put("response", response);
    credential.put("clientExtensionResults", new LinkedHashMap<>());
    authenticator.rememberUserHandle(userHandle);
    return new CredentialJson(credential);
  }
}
