package dev.keyfob.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCodesTest {

  private static final String AMBIGUOUS = "01iloOILuv";

  @Test
  void setHasTenDistinctNormalisedCodes() {
    List<String> codes = RecoveryCodes.generate(new SecureRandom());
    assertEquals(RecoveryCodes.COUNT, codes.size());
    assertEquals(10, new HashSet<>(codes).size());
    for (String code : codes) {
      assertEquals(16, code.length());
      assertTrue(code.chars().allMatch(c -> RecoveryCodes.ALPHABET.indexOf(c) >= 0), code);
      assertEquals(Optional.of(code), RecoveryCodes.normalize(code), "already canonical");
    }
  }

  @Test
  void setIsUnmodifiable() {
    List<String> codes = RecoveryCodes.generate(new SecureRandom());
    assertThrows(UnsupportedOperationException.class, () -> codes.set(0, "x"));
  }

  @Test
  void codesCarryAtLeast64RandomBits() {
    int symbols = (int) RecoveryCodes.ALPHABET.chars().distinct().count();
    assertEquals(RecoveryCodes.ALPHABET.length(), symbols, "no repeated symbol");
    assertEquals(RecoveryCodes.ALPHABET_SIZE, symbols);
    assertEquals(0, symbols & (symbols - 1), "power of two: no modulo bias");
    double bits = RecoveryCodes.LENGTH * (Math.log(symbols) / Math.log(2));
    assertTrue(bits >= 64, "entropy " + bits);
    assertEquals(RecoveryCodes.ENTROPY_BITS, (int) bits);
  }

  @Test
  void alphabetIsLowerCaseWithoutAmbiguousCharacters() {
    for (char c : RecoveryCodes.ALPHABET.toCharArray()) {
      assertTrue((c >= 'a' && c <= 'z') || (c >= '2' && c <= '9'), "lower-case ASCII: " + c);
      assertEquals(-1, AMBIGUOUS.indexOf(c), "ambiguous: " + c);
    }
  }

  @Test
  void everySymbolAppearsInEveryPositionOverManyCodes() {
    // A weak distribution check: each of 16 symbols in each of 16 positions.
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      for (String code : RecoveryCodes.generate(random)) {
        for (int p = 0; p < code.length(); p++) {
          seen.add(p + ":" + code.charAt(p));
        }
      }
    }
    assertEquals(16 * 16, seen.size());
  }

  @Test
  void formatGroupsFourCharactersWithHyphens() {
    assertEquals("7hk3-xm2r-94ty-w8k6", RecoveryCodes.format("7hk3xm2r94tyw8k6"));
  }

  @ParameterizedTest(name = "\"{0}\" -> 7hk3xm2r94tyw8k6")
  @ValueSource(strings = {
      "7hk3xm2r94tyw8k6",
      "7hk3-xm2r-94ty-w8k6",
      "7HK3-XM2R-94TY-W8K6",
      " 7hk3 xm2r 94ty w8k6 ",
      "7hk3--xm2r - 94ty-w8k6-",
      "7Hk3xM2r94TyW8k6",
  })
  void caseSpacesAndHyphensAreIgnored(String input) {
    assertEquals(Optional.of("7hk3xm2r94tyw8k6"), RecoveryCodes.normalize(input));
  }

  @ParameterizedTest(name = "\"{0}\" rejected")
  @NullAndEmptySource
  @ValueSource(strings = {
      "7hk3-xm2r-94ty-w8k",       // too short
      "7hk3-xm2r-94ty-w8k66",     // too long
      "7hk3-xm2r-94ty-w8k0",      // '0' not in alphabet
      "7hk3-xm2r-94ty-w8ko",      // 'o' not in alphabet
      "7hk3-xm2r-94ty-w8k1",      // '1' not in alphabet
      "7hk3-xm2r-94ty-w8kl",      // 'l' not in alphabet
      "7hk3-xm2r-94ty-w8ks",      // 's' not in alphabet
      "7hk3_xm2r_94ty_w8k6",      // underscore is not a separator
      "7hk3\txm2r94tyw8k6",       // tab
      "7hk3\u00a0xm2r94tyw8k6",   // no-break space
      "7hk3\u2010xm2r94tyw8k6",   // Unicode hyphen
      "7hk3xm2r94tyw8\u212a6",    // Kelvin sign, lower-cases to 'k' outside ASCII rules
      "７hk3xm2r94tyw8k6",        // full-width digit
      "---- ----",
  })
  void otherInputIsRejected(String input) {
    assertEquals(Optional.empty(), RecoveryCodes.normalize(input));
  }

  @ParameterizedTest(name = "format(\"{0}\") rejected")
  @NullAndEmptySource
  @ValueSource(strings = {
      "7hk3-xm2r-94ty-w8k6", "7HK3XM2R94TYW8K6", "7hk3xm2r94tyw8k", "0000000000000000"})
  void formatRejectsAnythingButANormalisedCode(String input) {
    assertThrows(IllegalArgumentException.class, () -> RecoveryCodes.format(input));
  }

  @Test
  void nullRandomIsRejected() {
    assertThrows(NullPointerException.class, () -> RecoveryCodes.generate(null));
  }

  @Property
  void normalizeOfFormatIsTheCode(@ForAll("codes") String code) {
    String display = RecoveryCodes.format(code);
    assertEquals(19, display.length());
    assertEquals(Optional.of(code), RecoveryCodes.normalize(display));
  }

  @Property
  void caseSpacesAndHyphensAnywhereDoNotMatter(@ForAll("codes") String code,
      @ForAll("spellings") List<Integer> noise) {
    StringBuilder typed = new StringBuilder();
    for (int i = 0; i < code.length(); i++) {
      int n = noise.get(i);
      typed.append((n & 1) != 0 ? ' ' : "").append((n & 2) != 0 ? '-' : "");
      char c = code.charAt(i);
      typed.append((n & 4) != 0 ? Character.toUpperCase(c) : c);
    }
    assertEquals(Optional.of(code), RecoveryCodes.normalize(typed.toString()));
  }

  @Property
  void codeWithAnyForeignCharacterIsRejected(@ForAll("codes") String code,
      @ForAll("foreign") char intruder, @ForAll("positions") int at) {
    String typed = code.substring(0, at) + intruder + code.substring(at);
    assertEquals(Optional.empty(), RecoveryCodes.normalize(typed));
  }

  @Property
  void arbitraryTextIsOnlyAcceptedWhenItSpellsACode(@ForAll String input) {
    Optional<String> normalized = RecoveryCodes.normalize(input);
    String significant = input.replace(" ", "").replace("-", "");
    boolean spellsCode = significant.length() == 16 && significant.chars()
        .allMatch(c -> c < 128 && RecoveryCodes.ALPHABET.indexOf(Character.toLowerCase(c)) >= 0);
    assertEquals(spellsCode, normalized.isPresent());
  }

  @Property
  void generatedSetsAreAlwaysTenDistinctCanonicalCodes(@ForAll long seed) throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed); // before first use, SHA1PRNG is deterministic: a reproducible run
    List<String> codes = RecoveryCodes.generate(random);
    assertEquals(10, Set.copyOf(codes).size());
    codes.forEach(c -> assertEquals(Optional.of(c), RecoveryCodes.normalize(c)));
  }

  @Provide
  Arbitrary<String> codes() {
    return Arbitraries.strings().withChars(RecoveryCodes.ALPHABET).ofLength(16);
  }

  @Provide
  Arbitrary<List<Integer>> spellings() {
    return Arbitraries.integers().between(0, 7).list().ofSize(16);
  }

  @Provide
  Arbitrary<Character> foreign() {
    String allowed = RecoveryCodes.ALPHABET + RecoveryCodes.ALPHABET.toUpperCase() + " -";
    return Arbitraries.chars().filter(c -> allowed.indexOf(c) < 0);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 16);
  }
}
