package dev.keyfob.webauthn;

/**
 * A verified assertion: what keyfob stores back and puts into the MFA token.
 *
 * @param credentialId the credential used (one of the user's)
 * @param signCount    the new signature counter to store, 0 to 2^32-1
 * @param backedUp     the BS flag now: {@code true} means a synced passkey
 *                     ({@code amr} {@code swk}),
 *                     {@code false} a device-bound key ({@code hwk})
 * @param userVerified the UV flag
 */
public record AssertionOutcome(byte[] credentialId, long signCount, boolean backedUp,
    boolean userVerified) {

  /** Copies the array. */
  public AssertionOutcome {
    credentialId = credentialId.clone();
  }

  @Override
  public byte[] credentialId() {
    return credentialId.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AssertionOutcome o
        && java.util.Arrays.equals(credentialId, o.credentialId)
        && signCount == o.signCount && backedUp == o.backedUp && userVerified == o.userVerified;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(credentialId);
  }

  @Override
  public String toString() {
    return "AssertionOutcome[credentialId=" + credentialId.length + " bytes, signCount=" + signCount
        + ", BS=" + backedUp + ", UV=" + userVerified + "]";
  }
}
