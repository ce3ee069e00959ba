package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;
import java.util.List;

/**
 * A confirmed enrollment: the new recovery codes (shown once) and an MFA token carrying the new
 * factor version. {@link #toString()} leaves codes and token out.
 */
public record EnrollmentConfirmed(List<String> recoveryCodes, IssuedToken mfaToken) {

  public EnrollmentConfirmed {
    recoveryCodes = List.copyOf(recoveryCodes);
  }

  @Override
  public String toString() {
    return "EnrollmentConfirmed[codes=" + recoveryCodes.size() + "]";
  }
}
