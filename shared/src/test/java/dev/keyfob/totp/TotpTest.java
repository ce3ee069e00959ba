package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {

  private static final byte[] SECRET = ascii("12345678901234567890");

  /** A step of an arbitrary day in 2023. */
  private static final long STEP = 56_000_000L;

  /** RFC 6238 Appendix B: T0 = 0, X = 30, 8 digits; seeds of 20, 32 and 64 bytes. */
  @ParameterizedTest(name = "{1} at {0}: {2}")
  @CsvSource({
      "59,          HmacSHA1,   94287082",
      "59,          HmacSHA256, 46119246",
      "59,          HmacSHA512, 90693936",
      "1111111109,  HmacSHA1,   07081804",
      "1111111109,  HmacSHA256, 68084774",
      "1111111109,  HmacSHA512, 25091201",
      "1111111111,  HmacSHA1,   14050471",
      "1111111111,  HmacSHA256, 67062674",
      "1111111111,  HmacSHA512, 99943326",
      "1234567890,  HmacSHA1,   89005924",
      "1234567890,  HmacSHA256, 91819424",
      "1234567890,  HmacSHA512, 93441116",
      "2000000000,  HmacSHA1,   69279037",
      "2000000000,  HmacSHA256, 90698825",
      "2000000000,  HmacSHA512, 38618901",
      "20000000000, HmacSHA1,   65353130",
      "20000000000, HmacSHA256, 77737706",
      "20000000000, HmacSHA512, 47863826",
  })
  void rfc6238AppendixBVectorsMatch(long unixTime, String algorithm, String expected) {
    String seed = switch (algorithm) {
      case "HmacSHA1" -> "12345678901234567890";
      case "HmacSHA256" -> "12345678901234567890123456789012";
      default -> "1234567890123456789012345678901234567890123456789012345678901234";
    };
    long step = Totp.stepAt(Instant.ofEpochSecond(unixTime));
    assertEquals(expected, Totp.generate(ascii(seed), step, algorithm, 8));
  }

  @Test
  void rfc6238SixDigitCodeIsTheLastSixDigitsOfTheEightDigitVector() {
    Totp totp = new Totp(clockAt(1111111109));
    assertEquals("081804", totp.codeAt(SECRET, totp.currentStep()));
  }

  @ParameterizedTest(name = "epoch second {0} is step {1}")
  @CsvSource({
      "0,   0",
      "29,  0",
      "30,  1",
      "59,  1",
      "60,  2",
      "-1,  -1",
      "-30, -1",
      "-31, -2",
  })
  void stepIsTheFloorOfEpochSecondsOverThirty(long epochSecond, long step) {
    assertEquals(step, Totp.stepAt(Instant.ofEpochSecond(epochSecond)));
    assertEquals(step, Totp.stepAt(Instant.ofEpochSecond(epochSecond, 999_999_999)));
    assertEquals(step, new Totp(clockAt(epochSecond)).currentStep());
  }

  @ParameterizedTest(name = "clock {0} s into the step")
  @ValueSource(longs = {0, 29})
  void atTheFirstAndLastSecondOfAStepThePreviousCurrentAndNextCodesAreAccepted(long offset) {
    Totp totp = new Totp(clockAt(STEP * 30 + offset));
    assertEquals(STEP, totp.currentStep());
    assertNoCodeRepeats(STEP - 2, STEP + 2);

    for (long step = STEP - 1; step <= STEP + 1; step++) {
      String code = totp.codeAt(SECRET, step);
      assertEquals(OptionalLong.of(step), totp.acceptableStep(SECRET, code, Long.MIN_VALUE),
          "code of step " + step);
    }
  }

  @ParameterizedTest(name = "clock {0} s into the step")
  @ValueSource(longs = {0, 29})
  void atTheFirstAndLastSecondOfAStepCodesTwoStepsAwayAreRejected(long offset) {
    Totp totp = new Totp(clockAt(STEP * 30 + offset));
    assertNoCodeRepeats(STEP - 2, STEP + 2);

    assertEquals(OptionalLong.empty(),
        totp.acceptableStep(SECRET, totp.codeAt(SECRET, STEP - 2), Long.MIN_VALUE));
    assertEquals(OptionalLong.empty(),
        totp.acceptableStep(SECRET, totp.codeAt(SECRET, STEP + 2), Long.MIN_VALUE));
  }

  @Test
  void lastNanosecondOfAStepStillBelongsToIt() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(STEP * 30 + 29, 999_999_999), ZoneOffset.UTC);
    Totp totp = new Totp(clock);
    assertEquals(STEP, totp.currentStep());
    assertEquals(OptionalLong.empty(),
        totp.acceptableStep(SECRET, totp.codeAt(SECRET, STEP + 2), Long.MIN_VALUE));
  }

  @Test
  void stepEqualToLastAcceptedStepIsRejected() {
    Totp totp = new Totp(clockAt(STEP * 30));
    String code = totp.codeAt(SECRET, STEP);
    assertEquals(OptionalLong.empty(), totp.acceptableStep(SECRET, code, STEP));
  }

  @Test
  void stepBelowLastAcceptedStepIsRejected() {
    Totp totp = new Totp(clockAt(STEP * 30));
    String previous = totp.codeAt(SECRET, STEP - 1);
    assertEquals(OptionalLong.empty(), totp.acceptableStep(SECRET, previous, STEP));
    assertEquals(OptionalLong.empty(), totp.acceptableStep(SECRET, previous, STEP + 1));
  }

  @Test
  void stepAboveLastAcceptedStepIsAccepted() {
    Totp totp = new Totp(clockAt(STEP * 30));
    String next = totp.codeAt(SECRET, STEP + 1);
    assertEquals(OptionalLong.of(STEP + 1), totp.acceptableStep(SECRET, next, STEP));
  }

  @Test
  void codeMatchingTwoStepsReturnsTheHigherEligibleStep() {
    // For the RFC secret, steps 56188870 and 56188871 share the code 617002 (found by search).
    long low = 56_188_870L;
    Totp totp = new Totp(clockAt(low * 30));
    assertEquals("617002", totp.codeAt(SECRET, low));
    assertEquals("617002", totp.codeAt(SECRET, low + 1));

    assertEquals(OptionalLong.of(low + 1),
        totp.acceptableStep(SECRET, "617002", Long.MIN_VALUE), "highest of the two");
    assertEquals(OptionalLong.of(low + 1), totp.acceptableStep(SECRET, "617002", low),
        "the lower one is used up, the higher one is not");
    assertEquals(OptionalLong.empty(), totp.acceptableStep(SECRET, "617002", low + 1));
  }

  @ParameterizedTest(name = "\"{0}\" matches nothing")
  @ValueSource(strings = {"", "12345", "1234567", "abcdef", "１２３４５６"})
  void stringsThatAreNotSixDigitCodesMatchNothing(String code) {
    Totp totp = new Totp(clockAt(STEP * 30));
    assertEquals(OptionalLong.empty(), totp.acceptableStep(SECRET, code, Long.MIN_VALUE));
  }

  @Test
  void codeOfAnotherSecretIsRejected() {
    Totp totp = new Totp(clockAt(STEP * 30));
    byte[] other = TotpSecrets.generate(new SecureRandom());
    String code = totp.codeAt(other, STEP);
    // One in a million the other secret's code coincides; then this run proves nothing.
    assumeTrue(!code.equals(totp.codeAt(SECRET, STEP - 1))
        && !code.equals(totp.codeAt(SECRET, STEP))
        && !code.equals(totp.codeAt(SECRET, STEP + 1)));
    assertEquals(OptionalLong.empty(), totp.acceptableStep(SECRET, code, Long.MIN_VALUE));
  }

  @Test
  void nullClockIsRejected() {
    assertThrows(NullPointerException.class, () -> new Totp(null));
  }

  @Test
  void codesAgreeWithOathtool() throws Exception {
    Path oathtool = Path.of("/usr/bin/oathtool");
    assumeTrue(Files.isExecutable(oathtool), "oathtool is not installed");
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 5; i++) {
      byte[] secret = TotpSecrets.generate(random);
      long epochSecond = 1_700_000_000L + random.nextInt(1_000_000_000);
      Totp totp = new Totp(clockAt(epochSecond));
      String expected = run(oathtool.toString(), "--totp", "-b",
          Base32.encode(secret), "-N", "@" + epochSecond);
      assertEquals(expected, totp.codeAt(secret, totp.currentStep()),
          "oathtool at epoch second " + epochSecond);
    }
  }

  private static void assertNoCodeRepeats(long fromStep, long toStep) {
    Totp totp = new Totp(clockAt(0));
    Set<String> codes = new HashSet<>();
    for (long step = fromStep; step <= toStep; step++) {
      assertTrue(codes.add(totp.codeAt(SECRET, step)), "test premise: codes differ");
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "oathtool finished");
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
  }

  private static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
