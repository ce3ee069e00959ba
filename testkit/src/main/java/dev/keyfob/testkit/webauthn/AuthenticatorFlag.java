package dev.keyfob.testkit.webauthn;

/**
 * The authenticator-data flags a test may set or clear (WebAuthn Level 3, section 6.1
 * "Authenticator Data"). The AT and ED bits are not listed: the authenticator sets AT on every
 * registration and never emits extensions.
 */
public enum AuthenticatorFlag {
  /** User present, bit 0. */
  UP(0x01),
  /** User verified, bit 2. */
  UV(0x04),
  /** Backup eligible, bit 3. */
  BE(0x08),
  /** Backed up, bit 4. */
  BS(0x10);

  private final int bit;

  AuthenticatorFlag(int bit) {
    this.bit = bit;
  }

  /** The bit mask of this flag within the flags byte. */
  public int bit() {
    return bit;
  }
}
