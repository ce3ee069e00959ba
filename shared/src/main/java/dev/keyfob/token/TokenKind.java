package dev.keyfob.token;

/** Which kind of bearer token a {@link Principal} was verified from. */
public enum TokenKind {
  /** First factor: issued by the host application's identity provider. */
  IDENTITY_PROVIDER,
  /** Second factor passed: issued by keyfob after a TOTP or recovery code succeeded. */
  MFA
}
