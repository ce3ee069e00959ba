package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TotpSecretsTest {

  @Test
  void secretIs160RandomBits() {
    byte[] secret = TotpSecrets.generate(new SecureRandom());
    assertEquals(20, secret.length);
    assertEquals(32, Base32.encode(secret).length(), "32 base32 characters, no padding");
  }

  @Test
  void consecutiveSecretsDiffer() {
    SecureRandom random = new SecureRandom();
    assertFalse(Arrays.equals(TotpSecrets.generate(random), TotpSecrets.generate(random)));
  }

  @Test
  void nullRandomIsRejected() {
    assertThrows(NullPointerException.class, () -> TotpSecrets.generate(null));
  }
}
