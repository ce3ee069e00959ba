package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;

/**
 * A successful recovery-code sign-in.
 *
 * @param reenrollRequired the last code was used: the factor is gone and the user enrolls afresh
 */
public record RecoveryResult(IssuedToken mfaToken, int recoveryCodesRemaining,
    boolean reenrollRequired) {

  @Override
  public String toString() {
    return "RecoveryResult[remaining=" + recoveryCodesRemaining + ", reenrollRequired="
        + reenrollRequired + "]";
  }
}
