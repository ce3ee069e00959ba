package dev.keyfob.webauthn;

/**
 * The check of a WebAuthn ceremony (WebAuthn Level 3, sections 7.1 and 7.2) that a response
 * failed. For logs, metrics and audit details only: a client is told no more than
 * {@code INVALID_CREDENTIAL} or {@code INVALID_ASSERTION}.
 */
public enum WebAuthnCheck {
  /** Not the expected JSON shape, bad base64url, bad CBOR or COSE, bad authenticator data. */
  MALFORMED,
  /** {@code id}, {@code rawId} and the attested credential id do not agree. */
  CREDENTIAL_ID,
  /** {@code clientDataJSON.type} is not {@code webauthn.create} / {@code webauthn.get}. */
  TYPE,
  /** {@code clientDataJSON.challenge} is not the stored challenge. */
  CHALLENGE,
  /** {@code clientDataJSON.origin} is not an allowed origin, or the ceremony ran cross-origin. */
  ORIGIN,
  /** The RP ID hash in the authenticator data is not SHA-256 of the RP ID. */
  RP_ID,
  /** The user-present (UP) flag is not set. */
  USER_PRESENCE,
  /** The credential's algorithm is not one keyfob offered (ES256, EdDSA, RS256). */
  ALGORITHM,
  /** The attestation statement does not verify. */
  ATTESTATION,
  /** BS is set without BE, or BE differs from the stored credential's. */
  BACKUP_FLAGS,
  /** The credential is not one of this user's. */
  UNKNOWN_CREDENTIAL,
  /** {@code response.userHandle} is present and is not this user's handle. */
  USER_HANDLE,
  /** The assertion signature does not verify with the stored public key. */
  SIGNATURE,
  /** The signature counter did not increase (a cloned authenticator, or a replay). */
  COUNTER
}
