package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;

/**
 * A successful recovery-code sign-in.
 *
 * @param reenrollRequired the last code was used: the factor is gone and the user enrolls afresh
 * @param deviceToken the remembered browser's token, or null (never with the last code)
 */
public record RecoveryResult(IssuedToken mfaToken, int recoveryCodesRemaining,
    boolean reenrollRequired, DeviceToken deviceToken) {

  @Override
  public String toString() {
    return "RecoveryResult[remaining=" + recoveryCodesRemaining + ", reenrollRequired="
        + reenrollRequired + ", deviceToken=" + (deviceToken != null) + "]";
  }
}
