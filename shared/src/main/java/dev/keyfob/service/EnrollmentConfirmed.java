package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;
import java.util.List;

/**
 * A confirmed set-up (an app enrollment or a WebAuthn registration): the new recovery codes (shown
 * once), or null when the method was added beside an active one, and an MFA token carrying the
 * factor version. {@link #toString()} leaves codes and token out.
 */
public record EnrollmentConfirmed(List<String> recoveryCodes, IssuedToken mfaToken) {

  public EnrollmentConfirmed {
    recoveryCodes = recoveryCodes == null ? null : List.copyOf(recoveryCodes);
  }

  @Override
  public String toString() {
    return "EnrollmentConfirmed[codes=" + (recoveryCodes == null ? "kept" : recoveryCodes.size())
        + "]";
  }
}
