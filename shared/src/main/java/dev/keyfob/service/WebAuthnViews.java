package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;
import java.time.Instant;
import java.util.List;

/** What the WebAuthn use cases answer; the HTTP layer renders them in the contract's JSON. */
public final class WebAuthnViews {

  private WebAuthnViews() {}

  /**
   * A credential as options name it: its id and the transports its authenticator said it can
   * be reached over.
   */
  public record CredentialDescriptor(byte[] id, List<String> transports) {}

  /**
   * A started registration: what the browser's {@code PublicKeyCredentialCreationOptions} need.
   *
   * @param userHandle the user's opaque random handle ({@code user.id}), never the user id
   * @param userName the email (or the user id when there is none), for {@code name} and
   *     {@code displayName}
   * @param algorithms COSE algorithm identifiers, in order of preference
   * @param exclude the user's credentials, so an authenticator does not register twice
   */
  public record RegistrationStarted(String registrationId, Instant expiresAt, String rpId,
      String rpName, byte[] userHandle, String userName, byte[] challenge, List<Long> algorithms,
      List<CredentialDescriptor> exclude) {}

  /**
   * A started assertion: what the browser's {@code PublicKeyCredentialRequestOptions} need.
   *
   * @param allow the user's credentials, with their transports
   */
  public record AssertionStarted(String assertionId, Instant expiresAt, String rpId,
      byte[] challenge, List<CredentialDescriptor> allow) {}

  /**
   * One security key or passkey as the user sees it.
   *
   * @param credentialId the credential id, base64url without padding
   */
  public record CredentialView(String credentialId, String name, Instant createdAt,
      Instant lastUsedAt, boolean backupEligible, boolean backedUp, List<String> transports) {}

  /**
   * A confirmed registration: the credential, new recovery codes for a first factor (else null)
   * and an MFA token.
   */
  public record RegistrationConfirmed(CredentialView credential, List<String> recoveryCodes,
      IssuedToken mfaToken) {

    @Override
    public String toString() {
      return "RegistrationConfirmed[" + credential.name() + "]";
    }
  }
}
