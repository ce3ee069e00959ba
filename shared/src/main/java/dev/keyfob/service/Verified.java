package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;
import java.util.Objects;

/**
 * A passed second factor at sign-in: the MFA token, and a device token when the user asked to
 * remember the browser and the org allows it.
 *
 * @param deviceToken null when none was asked for or allowed
 */
public record Verified(IssuedToken mfaToken, DeviceToken deviceToken) {

  public Verified {
    Objects.requireNonNull(mfaToken, "mfaToken");
  }

  @Override
  public String toString() {
    return "Verified[deviceToken=" + (deviceToken != null) + "]";
  }
}
