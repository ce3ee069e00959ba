package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

  /** RFC 4648 section 10, BASE32 vectors: input, padded encoding. */
  @ParameterizedTest(name = "\"{0}\" <-> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ''     | ''
      f      | MY======
      fo     | MZXQ====
      foo    | MZXW6===
      foob   | MZXW6YQ=
      fooba  | MZXW6YTB
      foobar | MZXW6YTBOI======
      """)
  void rfc4648VectorsEncodeUnpaddedAndDecodeWithAndWithoutPaddingInEitherCase(
      String input, String padded) {
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    String unpadded = padded.replace("=", "");

    assertEquals(unpadded, Base32.encode(bytes));
    assertArrayEquals(bytes, Base32.decode(padded));
    assertArrayEquals(bytes, Base32.decode(unpadded));
    assertArrayEquals(bytes, Base32.decode(padded.toLowerCase(Locale.ROOT)));
    assertArrayEquals(bytes, Base32.decode(unpadded.toLowerCase(Locale.ROOT)));
  }

  @ParameterizedTest(name = "\"{0}\" rejected")
  @ValueSource(strings = {
      "M",                 // 1 symbol: 5 bits, not a byte
      "MZX",               // 3 symbols: impossible length
      "MZXW6Y",            // 6 symbols: impossible length
      "MZXW6YTBO",         // 9 symbols: impossible length
      "MZ=",               // too little padding
      "MZ=====",           // too little padding
      "MZ=======",         // too much padding
      "MZXW6YTB========",  // padding after a whole group
      "========",          // nothing but padding
      "MZ======MZ",        // padding in the middle
      "M=Z=====",          // padding in the middle
      "MZXW6YT1",          // '1' is not in the alphabet
      "MZXW6YT0",          // '0' is not in the alphabet
      "MZXW6YT8",          // '8' is not in the alphabet
      "MZXW 6YTB",         // whitespace
      "MZXW6YTB\n",        // trailing newline
      "MZXW6YTB-",         // punctuation
      "MZXW6ÝTB",          // non-ASCII letter
      "MZXW6YTıOI",        // dotless i, which String.toUpperCase turns into a valid 'I'
      "MZXW6YTＢ",         // full-width letter
      })
  void invalidTextIsRejectedWithoutEchoingIt(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
    assertFalse(e.getMessage().contains(text), "message must not echo the input");
  }

  @ParameterizedTest(name = "\"{0}\" has non-zero trailing bits")
  @ValueSource(strings = {"MZ", "MR", "MZXW7", "MZXW6YR", "MZXW6YTBOJ", "mz======", "MZXR===="})
  void nonZeroBitsAfterTheLastByteAreRejected(String text) {
    // Each is a valid encoding with its last symbol changed in the unused low bits only.
    assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
  }

  @Property
  void anyBytesSurviveEncodeThenDecode(@ForAll @Size(max = 64) byte[] data) {
    assertArrayEquals(data, Base32.decode(Base32.encode(data)));
  }

  @Property
  void encodingIsUnpaddedUpperCaseOfTheExpectedLength(@ForAll @Size(max = 64) byte[] data) {
    String text = Base32.encode(data);
    assertEquals((data.length * 8 + 4) / 5, text.length());
    assertTrue(text.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')));
  }

  @Property
  void lowerCaseEncodingDecodesToTheSameBytes(@ForAll @Size(max = 64) byte[] data) {
    assertArrayEquals(data, Base32.decode(Base32.encode(data).toLowerCase(Locale.ROOT)));
  }
}
