package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HotpTest {

  private static final byte[] RFC_SECRET =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** RFC 4226 Appendix D: HMAC-SHA1, 6 digits. */
  @ParameterizedTest(name = "counter {0} -> {1}")
  @CsvSource({
      "0, 755224",
      "1, 287082",
      "2, 359152",
      "3, 969429",
      "4, 338314",
      "5, 254676",
      "6, 287922",
      "7, 162583",
      "8, 399871",
      "9, 520489",
  })
  void rfc4226AppendixDVectorsMatch(long counter, String expected) {
    assertEquals(expected, new Hotp("HmacSHA1", 6).generate(RFC_SECRET, counter));
  }

  @Test
  void shortCodesAreZeroPaddedToTheConfiguredLength() {
    // RFC 6238 Appendix B, SHA1 at T = 1111111109: the 8-digit code starts with a zero.
    assertEquals("07081804", new Hotp("HmacSHA1", 8).generate(RFC_SECRET, 0x23523ECL));
    assertEquals("7081804", new Hotp("HmacSHA1", 7).generate(RFC_SECRET, 0x23523ECL));
    assertEquals("081804", new Hotp("HmacSHA1", 6).generate(RFC_SECRET, 0x23523ECL));
  }

  @ParameterizedTest(name = "algorithm \"{0}\" rejected")
  @ValueSource(strings = {"", "HmacMD5", "hmacsha1", "SHA1", "HmacSHA384"})
  void unsupportedAlgorithmIsRejected(String algorithm) {
    assertThrows(IllegalArgumentException.class, () -> new Hotp(algorithm, 6));
  }

  @Test
  void nullAlgorithmIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Hotp(null, 6));
  }

  @ParameterizedTest(name = "{0} digits rejected")
  @ValueSource(ints = {-1, 0, 5, 9, 10})
  void digitsOutsideSixToEightAreRejected(int digits) {
    assertThrows(IllegalArgumentException.class, () -> new Hotp("HmacSHA256", digits));
  }

  @Test
  void emptyKeyIsRejected() {
    Hotp hotp = new Hotp("HmacSHA1", 6);
    assertThrows(IllegalArgumentException.class, () -> hotp.generate(new byte[0], 0));
  }
}
