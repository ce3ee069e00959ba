package dev.keyfob.webauthn;

import java.util.Arrays;

/**
 * A credential as keyfob has it stored for one user, the input to an assertion check.
 *
 * @param credentialId   the credential id
 * @param publicKeyCose  the COSE_Key stored at registration ({@link NewCredential#publicKeyCose()})
 * @param signCount      the last accepted signature counter, 0 to 2^32-1
 * @param backupEligible the BE flag stored at registration; an assertion must report the same
 */
public record StoredCredential(byte[] credentialId, byte[] publicKeyCose, long signCount,
    boolean backupEligible) {

  /** Copies the arrays; checks the counter range. */
  public StoredCredential {
    credentialId = credentialId.clone();
    publicKeyCose = publicKeyCose.clone();
    if (signCount < 0 || signCount > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("a signature counter is an unsigned 32-bit value");
    }
  }

  @Override
  public byte[] credentialId() {
    return credentialId.clone();
  }

  @Override
  public byte[] publicKeyCose() {
    return publicKeyCose.clone();
  }

  /** Whether this is the credential with {@code id}. */
  public boolean hasId(byte[] id) {
    return Arrays.equals(credentialId, id);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredCredential o
        && Arrays.equals(credentialId, o.credentialId)
        && Arrays.equals(publicKeyCose, o.publicKeyCose)
        && signCount == o.signCount && backupEligible == o.backupEligible;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(credentialId);
  }

  @Override
  public String toString() {
    return "StoredCredential[credentialId=" + credentialId.length + " bytes, signCount=" + signCount
        + ", BE=" + backupEligible + "]";
  }
}
