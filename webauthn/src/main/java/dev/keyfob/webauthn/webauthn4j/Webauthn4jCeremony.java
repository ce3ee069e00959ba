package dev.keyfob.webauthn.webauthn4j;

import com.webauthn4j.WebAuthnAuthenticationManager;
import com.webauthn4j.WebAuthnRegistrationManager;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.keyfob.webauthn.AssertionOutcome;
import dev.keyfob.webauthn.CounterRegressionException;
import dev.keyfob.webauthn.InvalidAssertionException;
import dev.keyfob.webauthn.InvalidCredentialException;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.StoredCredential;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnCheck;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;

/**
 * {@link WebAuthnCeremony} with webauthn4j: verifies registrations and assertions (WebAuthn
 * Level 3, sections 7.1 and 7.2) and turns every failure into a checked exception naming the
 * check.
 *
 * <p>Input is the {@code credential} member of a request body, as parsed by jackson-jr
 * ({@code Map<String, Object>}) or as JSON text. Nothing a client sends makes these methods
 * throw an unchecked exception: malformed input, including the unchecked Jackson exceptions
 * webauthn4j lets through on crafted CBOR or JSON, is {@link WebAuthnCheck#MALFORMED}. The one
 * unchecked exception is {@link IllegalStateException} for a stored public key that no longer
 * decodes: keyfob's own data is damaged, a server fault.
 *
 * <p>Attestation is accepted in any format without trust checks (keyfob asks for "none"). UV is
 * not required (the options say "preferred"); UP is. Client extension outputs are ignored:
 * keyfob requests none, and the specification lets a relying party ignore outputs it did not
 * ask for.
 *
 * <p>Immutable and thread-safe: build one per execution environment.
 */
public final class Webauthn4jCeremony implements WebAuthnCeremony {
  private static final List<PublicKeyCredentialParameters> ACCEPTED_ALGORITHMS =
      acceptedAlgorithms();
  private static final UUID ZERO_AAGUID = new UUID(0, 0);

  private final WebAuthnSettings settings;
  private final Set<Origin> origins;
  private final ObjectConverter converter;
  private final AuthenticatorDataConverter authenticatorData;
  private final WebAuthnRegistrationManager registrations;
  private final WebAuthnAuthenticationManager assertions;

  /** Builds the verifiers for the relying party {@code settings} describes. */
  public Webauthn4jCeremony(WebAuthnSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Set<Origin> allowed = new LinkedHashSet<>();
    for (String origin : settings.origins()) {
      allowed.add(new Origin(origin));
    }
    this.origins = Set.copyOf(allowed);
    this.converter = new ObjectConverter();
    this.authenticatorData = new AuthenticatorDataConverter(converter);
    // Non-strict: attestation statements are not checked against trust anchors, as keyfob
    // asks for "none".
    this.registrations =
        WebAuthnRegistrationManager.createNonStrictWebAuthnRegistrationManager(converter);
    this.assertions = new WebAuthnAuthenticationManager(List.of(), converter);
  }

  @Override
  public NewCredential verifyRegistration(byte[] expectedChallenge, Object credential)
      throws InvalidCredentialException {
    Objects.requireNonNull(expectedChallenge, "expectedChallenge");
    try {
      Map<String, Object> json = toObject(credential);
      byte[] rawId = credentialIdOf(json);
      Map<String, Object> response = ClientJson.object(json.get("response"), "response");
      byte[] clientDataJson = ClientJson.base64url(response, "clientDataJSON");
      byte[] attestationObject = ClientJson.base64url(response, "attestationObject");
      List<String> transports = ClientJson.optionalTokens(response, "transports");

      RegistrationData data = registrations.verify(
          new RegistrationRequest(attestationObject, clientDataJson),
          new RegistrationParameters(serverProperty(expectedChallenge), ACCEPTED_ALGORITHMS,
              false, true));

      AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authData =
          data.getAttestationObject().getAuthenticatorData();
      AttestedCredentialData attested = authData.getAttestedCredentialData();
      if (!Arrays.equals(attested.getCredentialId(), rawId)) {
        throw new InvalidCredentialException(WebAuthnCheck.CREDENTIAL_ID, null);
      }
      COSEKey key = attested.getCOSEKey();
      UUID aaguid = attested.getAaguid().getValue();
      return new NewCredential(
          rawId,
          converter.getCborMapper().writeValueAsBytes(key),
          key.getAlgorithm().getValue(),
          authData.getSignCount(),
          authData.isFlagBE(),
          authData.isFlagBS(),
          authData.isFlagUV(),
          transports,
          aaguid == null ? ZERO_AAGUID : aaguid);
    } catch (ClientJson.Malformed e) {
      throw new InvalidCredentialException(WebAuthnCheck.MALFORMED, e);
    } catch (CredentialIdMismatch e) {
      throw new InvalidCredentialException(WebAuthnCheck.CREDENTIAL_ID, e);
    } catch (VerificationException e) {
      throw new InvalidCredentialException(FailureClassifier.classify(e), e);
    } catch (RuntimeException e) {
      // DataConversionException and JacksonException for bad CBOR or JSON, and whatever else
      // the parsers throw on crafted bytes: a client must get 400, never 500.
      throw new InvalidCredentialException(WebAuthnCheck.MALFORMED, e);
    }
  }

  @Override
  public AssertionOutcome verifyAssertion(byte[] expectedChallenge, Object credential,
      byte[] userHandle, Collection<StoredCredential> userCredentials)
      throws InvalidAssertionException {
    Objects.requireNonNull(expectedChallenge, "expectedChallenge");
    Objects.requireNonNull(userHandle, "userHandle");
    Objects.requireNonNull(userCredentials, "userCredentials");
    StoredCredential stored = null;
    byte[] authenticatorDataBytes = null;
    try {
      Map<String, Object> json = toObject(credential);
      byte[] rawId = credentialIdOf(json);
      Map<String, Object> response = ClientJson.object(json.get("response"), "response");
      byte[] clientDataJson = ClientJson.base64url(response, "clientDataJSON");
      authenticatorDataBytes = ClientJson.base64url(response, "authenticatorData");
      byte[] signature = ClientJson.base64url(response, "signature");
      byte[] presentedUserHandle = ClientJson.optionalBase64url(response, "userHandle");

      // Step 6 of section 7.2 is the relying party's: webauthn4j only checks membership of
      // allowCredentials. The user handle is not secret, but compare in constant time anyway
      // so no timing differs by how much of it matched.
      stored = find(userCredentials, rawId);
      if (stored == null) {
        throw new InvalidAssertionException(WebAuthnCheck.UNKNOWN_CREDENTIAL, null);
      }
      if (presentedUserHandle != null
          && !MessageDigest.isEqual(presentedUserHandle, userHandle)) {
        throw new InvalidAssertionException(WebAuthnCheck.USER_HANDLE, null);
      }
      CredentialRecordImpl record = recordOf(stored);
      List<byte[]> allowed = new ArrayList<>();
      for (StoredCredential each : userCredentials) {
        allowed.add(each.credentialId());
      }

      AuthenticationData data = assertions.verify(
          new AuthenticationRequest(rawId, presentedUserHandle, authenticatorDataBytes,
              clientDataJson, null, signature),
          new AuthenticationParameters(serverProperty(expectedChallenge), record, allowed,
              false, true));
      AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> authData =
          data.getAuthenticatorData();
      return new AssertionOutcome(rawId, authData.getSignCount(), authData.isFlagBS(),
          authData.isFlagUV());
    } catch (ClientJson.Malformed e) {
      throw new InvalidAssertionException(WebAuthnCheck.MALFORMED, e);
    } catch (CredentialIdMismatch e) {
      throw new InvalidAssertionException(WebAuthnCheck.CREDENTIAL_ID, e);
    } catch (MaliciousCounterValueException e) {
      // Only reached after the signature verified, so an attacker without the key cannot
      // raise counter audits.
      throw new CounterRegressionException(stored.signCount(),
          authenticatorData.extractSignCount(authenticatorDataBytes), e);
    } catch (VerificationException e) {
      throw new InvalidAssertionException(FailureClassifier.classify(e), e);
    } catch (StoredCredentialUnreadable e) {
      throw e;
    } catch (RuntimeException e) {
      // See verifyRegistration: crafted bytes must give 401, never 500.
      throw new InvalidAssertionException(WebAuthnCheck.MALFORMED, e);
    }
  }

  private static List<PublicKeyCredentialParameters> acceptedAlgorithms() {
    List<PublicKeyCredentialParameters> parameters = new ArrayList<>();
    for (long alg : OFFERED_ALGORITHMS) {
      parameters.add(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
          COSEAlgorithmIdentifier.create(alg)));
    }
    return List.copyOf(parameters);
  }

  private Map<String, Object> toObject(Object credential) throws ClientJson.Malformed {
    if (credential instanceof String text) {
      Object parsed;
      try {
        parsed = converter.getJsonMapper().readValue(text, Map.class);
      } catch (JacksonException e) {
        throw new ClientJson.Malformed("credential");
      }
      return ClientJson.object(parsed, "credential");
    }
    return ClientJson.object(credential, "credential");
  }

  private static byte[] credentialIdOf(Map<String, Object> json)
      throws ClientJson.Malformed, CredentialIdMismatch {
    if (!"public-key".equals(ClientJson.string(json, "type"))) {
      throw new ClientJson.Malformed("type");
    }
    byte[] id = ClientJson.base64url(json, "id");
    byte[] rawId = ClientJson.base64url(json, "rawId");
    if (!Arrays.equals(id, rawId)) {
      throw new CredentialIdMismatch();
    }
    return rawId;
  }

  private ServerProperty serverProperty(byte[] challenge) {
    return ServerProperty.builder()
        .origins(origins)
        .rpId(settings.rpId())
        .challenge(new DefaultChallenge(challenge))
        .build();
  }

  private CredentialRecordImpl recordOf(StoredCredential stored) {
    COSEKey key;
    try {
      key = converter.getCborMapper().readValue(stored.publicKeyCose(), COSEKey.class);
    } catch (RuntimeException e) {
      throw new StoredCredentialUnreadable(e);
    }
    if (key == null) {
      throw new StoredCredentialUnreadable(null);
    }
    AttestedCredentialData attested =
        new AttestedCredentialData(AAGUID.ZERO, stored.credentialId(), key);
    return new CredentialRecordImpl(null, null, stored.backupEligible(), null,
        stored.signCount(), attested, null, null, null, null);
  }

  private static StoredCredential find(Collection<StoredCredential> credentials, byte[] id) {
    for (StoredCredential candidate : credentials) {
      if (candidate.hasId(id)) {
        return candidate;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "Webauthn4jCeremony[" + settings + "]";
  }

  /** {@code id} and {@code rawId} name different credentials. */
  private static final class CredentialIdMismatch extends Exception {
    private static final long serialVersionUID = 1L;

    CredentialIdMismatch() {
      super("id and rawId differ", null, false, false);
    }
  }

  /**
   * A stored public key no longer decodes: keyfob's data is damaged, which is a server fault
   * and must surface as one, not as the client's failed assertion.
   */
  static final class StoredCredentialUnreadable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoredCredentialUnreadable(Throwable cause) {
      super("stored WebAuthn public key does not decode", cause);
    }
  }
}
