package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpCodeTest {

  @ParameterizedTest(name = "\"{0}\" is 123456")
  @ValueSource(strings = {"123456", "123 456", " 1 2 3 4 5 6 ", "      123456", "123456   "})
  void sixAsciiDigitsWithAnyAsciiSpacesAreAccepted(String raw) {
    assertEquals(Optional.of("123456"), OtpCode.parse(raw));
  }

  @Test
  void leadingZerosAreKept() {
    assertEquals(Optional.of("000000"), OtpCode.parse("000 000"));
    assertEquals(Optional.of("012345"), OtpCode.parse("012345"));
  }

  @ParameterizedTest(name = "\"{0}\" rejected")
  @NullAndEmptySource
  @ValueSource(strings = {
      "１２３４５６",         // full-width digits
      "٠١٢٣٤٥",             // Arabic-Indic digits
      "۱۲۳۴۵۶",             // extended Arabic-Indic digits
      "१२३४५६",             // Devanagari digits
      "123\t456",           // tab
      "123\u00a0456",       // no-break space
      "123\u2009456",       // thin space
      "123456\n",           // newline
      "\r123456",           // carriage return
      "+12345",
      "-12345",
      "12345",
      "1234567",
      "12345a",
      "12-34-56",
      "123.456",
      "      ",
      "12345６",             // one full-width digit
      "1234567 ",
  })
  void anythingElseIsRejected(String raw) {
    assertEquals(Optional.empty(), OtpCode.parse(raw));
  }

  @Property
  void stringWithAnyCharacterOtherThanAsciiDigitOrSpaceIsNeverAccepted(
      @ForAll("digitsAndSpacesWithOneIntruder") String raw) {
    assertEquals(Optional.empty(), OtpCode.parse(raw));
  }

  @Property
  void anyAcceptedStringIsSixAsciiDigitsOnceSpacesAreRemoved(@ForAll String raw) {
    OtpCode.parse(raw).ifPresent(code -> {
      assertEquals(raw.replace(" ", ""), code);
      assertTrue(code.matches("[0-9]{6}"));
    });
  }

  @Property
  void sixDigitsWithSpacesAnywhereAreAccepted(@ForAll("codesWithSpaces") String raw) {
    assertEquals(Optional.of(raw.replace(" ", "")), OtpCode.parse(raw));
  }

  @Provide
  Arbitrary<String> digitsAndSpacesWithOneIntruder() {
    Arbitrary<String> around = Arbitraries.strings().withChars("0123456789 ").ofMaxLength(8);
    Arbitrary<Character> intruder = Arbitraries.chars()
        .filter(c -> !(c >= '0' && c <= '9') && c != ' ');
    return Combinators.combine(around, intruder, around).as((a, c, b) -> a + c + b);
  }

  @Provide
  Arbitrary<String> codesWithSpaces() {
    Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofLength(6);
    Arbitrary<String> spaces = Arbitraries.strings().withChars(' ').ofMaxLength(3);
    return Combinators.combine(digits, spaces.list().ofSize(7)).as((code, gaps) -> {
      StringBuilder out = new StringBuilder(gaps.get(0));
      for (int i = 0; i < 6; i++) {
        out.append(code.charAt(i)).append(gaps.get(i + 1));
      }
      return out.toString();
    });
  }
}
