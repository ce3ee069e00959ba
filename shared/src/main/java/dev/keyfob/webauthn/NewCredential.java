package dev.keyfob.webauthn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What keyfob stores for a credential after a verified registration. Public keys are not
 * secrets (the contract says so), so {@link #toString()} may show lengths and flags; it never
 * shows the bytes. Arrays are copied in and out.
 *
 * @param credentialId   the credential id, 1 to 1023 bytes; unique across users
 * @param publicKeyCose  the credential public key as a COSE_Key (RFC 9052)
 * @param algorithm      its COSE algorithm identifier: -7, -8 or -257
 * @param signCount      the signature counter at registration, 0 to 2^32-1
 * @param backupEligible the BE flag: a multi-device (synced) credential
 * @param backedUp       the BS flag: currently backed up
 * @param userVerified   the UV flag at registration
 * @param transports     the client's {@code getTransports()} hints, possibly empty
 * @param aaguid         the authenticator model, all zeros under "none" attestation
 */
public record NewCredential(
    byte[] credentialId,
    byte[] publicKeyCose,
    long algorithm,
    long signCount,
    boolean backupEligible,
    boolean backedUp,
    boolean userVerified,
    List<String> transports,
    UUID aaguid) {

  /** Copies the arrays and list. */
  public NewCredential {
    credentialId = credentialId.clone();
    publicKeyCose = publicKeyCose.clone();
    transports = List.copyOf(transports);
    Objects.requireNonNull(aaguid, "aaguid");
  }

  @Override
  public byte[] credentialId() {
    return credentialId.clone();
  }

  @Override
  public byte[] publicKeyCose() {
    return publicKeyCose.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NewCredential o
        && Arrays.equals(credentialId, o.credentialId)
        && Arrays.equals(publicKeyCose, o.publicKeyCose)
        && algorithm == o.algorithm && signCount == o.signCount
        && backupEligible == o.backupEligible
        && backedUp == o.backedUp && userVerified == o.userVerified
        && transports.equals(o.transports) && aaguid.equals(o.aaguid);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(credentialId);
  }

  @Override
  public String toString() {
    return "NewCredential[credentialId=" + credentialId.length + " bytes, alg=" + algorithm
        + ", signCount=" + signCount + ", BE=" + backupEligible + ", BS=" + backedUp
        + ", UV=" + userVerified
        + ", transports=" + transports + ", aaguid=" + aaguid + "]";
  }
}
