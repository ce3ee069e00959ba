package dev.keyfob.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCodeHasherTest {

  private static final String CODE = "7hk3xm2r94tyw8k6";
  private static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
  private static final RecoveryCodeHasher HASHER = new RecoveryCodeHasher(1000);

  /**
   * Published PBKDF2-HMAC-SHA256 vectors: RFC 7914 section 11 (64-byte keys) and the widely
   * reproduced "password"/"salt" set (32-byte keys).
   */
  @ParameterizedTest(name = "P={0} S={1} c={2} dkLen={3}")
  @CsvSource({
      "password, salt, 1,     32, 120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
      "password, salt, 2,     32, ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
      "password, salt, 4096,  32, c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
      "passwd,   salt, 1,     64, 55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
      "Password, NaCl, 80000, 64, 4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
          + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
  })
  void pbkdf2MatchesPublishedVectors(String password, String salt, int iterations, int length,
      String hex) {
    byte[] derived = RecoveryCodeHasher.pbkdf2(password.toCharArray(),
        salt.getBytes(StandardCharsets.US_ASCII), iterations, length);
    assertEquals(hex, HexFormat.of().formatHex(derived));
  }

  @Test
  void hashMatchesAnIndependentPbkdf2Computation() {
    // Python: hashlib.pbkdf2_hmac('sha256', b'7hk3xm2r94tyw8k6', bytes(range(16)), 1000).hex()
    assertEquals("33cf627bcb15329d50acdfbfa9656fce8f63bb2ee28dd2352874ae7c347898e3",
        HexFormat.of().formatHex(HASHER.hash(SALT, CODE)));
  }

  @Test
  void sameCodeAndSaltGiveTheSameHash() {
    assertArrayEquals(HASHER.hash(SALT, CODE), new RecoveryCodeHasher(1000).hash(SALT, CODE));
  }

  @Test
  void hashIs32Bytes() {
    assertEquals(RecoveryCodeHasher.HASH_BYTES, HASHER.hash(SALT, CODE).length);
    assertEquals(32, RecoveryCodeHasher.HASH_BYTES);
  }

  @Test
  void differentSaltGivesADifferentHash() {
    byte[] otherSalt = SALT.clone();
    otherSalt[15] ^= 1;
    assertFalse(Arrays.equals(HASHER.hash(SALT, CODE), HASHER.hash(otherSalt, CODE)));
  }

  @Test
  void differentCodeGivesADifferentHash() {
    assertFalse(Arrays.equals(HASHER.hash(SALT, CODE), HASHER.hash(SALT, "7hk3xm2r94tyw8k7")));
  }

  @Test
  void differentIterationCountGivesADifferentHash() {
    assertFalse(Arrays.equals(HASHER.hash(SALT, CODE), new RecoveryCodeHasher(1001).hash(SALT,
        CODE)));
  }

  @ParameterizedTest(name = "\"{0}\" hashes like the canonical code")
  @ValueSource(strings = {"7hk3-xm2r-94ty-w8k6", "7HK3 XM2R 94TY W8K6", " 7Hk3xm2R-94tyW8K6 "})
  void normalisedSpellingsHashEqual(String typed) {
    String normalized = RecoveryCodes.normalize(typed).orElseThrow();
    assertArrayEquals(HASHER.hash(SALT, CODE), HASHER.hash(SALT, normalized));
  }

  @ParameterizedTest(name = "\"{0}\" is not hashed")
  @ValueSource(strings = {"7hk3-xm2r-94ty-w8k6", "7HK3XM2R94TYW8K6", "password", ""})
  void codeThatIsNotNormalisedIsRejected(String code) {
    assertThrows(IllegalArgumentException.class, () -> HASHER.hash(SALT, code));
  }

  @Test
  void nullCodeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> HASHER.hash(SALT, null));
  }

  @Test
  void saltShorterThan16BytesIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> HASHER.hash(new byte[15], CODE));
  }

  @Test
  void newSaltIs16RandomBytes() {
    SecureRandom random = new SecureRandom();
    byte[] salt = HASHER.newSalt(random);
    assertEquals(16, salt.length);
    assertFalse(Arrays.equals(salt, HASHER.newSalt(random)));
  }

  @ParameterizedTest(name = "{0} iterations rejected")
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 999})
  void fewerThan1000IterationsAreRejected(int iterations) {
    assertThrows(IllegalArgumentException.class, () -> new RecoveryCodeHasher(iterations));
  }

  @Test
  void iterationCountIsReported() {
    assertEquals(50_000, new RecoveryCodeHasher(50_000).iterations());
  }

  @Test
  void generatedCodesHashToDistinctValuesUnderOneSalt() {
    SecureRandom random = new SecureRandom();
    byte[] salt = HASHER.newSalt(random);
    long distinct = RecoveryCodes.generate(random).stream()
        .map(code -> HexFormat.of().formatHex(HASHER.hash(salt, code)))
        .distinct().count();
    assertEquals(RecoveryCodes.COUNT, distinct);
  }
}
