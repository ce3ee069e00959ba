package dev.keyfob.recovery;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, normalises and formats recovery codes: one-time codes a user keeps on paper for when
 * the authenticator app is lost.
 *
 * <p>A code is {@value #LENGTH} characters from the {@value #ALPHABET_SIZE}-symbol alphabet
 * {@value #ALPHABET}, each character carrying 4 random bits: {@value #ENTROPY_BITS} bits per
 * code. It is shown in groups of four, {@code 7hk3-xm2r-94ty-w8k6}. The alphabet is built to be
 * read, typed and read aloud without mistakes:
 * <ul>
 *   <li>all eight digits {@code 2-9}, but no {@code 0 1}, which pass for {@code o l i};
 *   <li>letters that do not look like those digits or each other: not {@code s z b g q}, which
 *       look like {@code 5 2 6/8 9}, nor {@code u v}, {@code c e}, nor {@code n} ({@code rn}
 *       passes for {@code m});
 *   <li>letters that do not sound alike: at most one of each rhyming group ({@code b c d e g p t
 *       v z}, {@code a j k}, {@code f s x}, {@code m n}); no vowels, so no accidental words;
 *   <li>lower case only on display; input is accepted in either case.
 * </ul>
 * A 32-symbol alphabet (5 bits per character) is not possible under these rules: without
 * {@code 0 1 i l o} only 31 symbols remain even if {@code u} and {@code v} both stay. Because
 * the alphabet size is a power of two, every character is taken directly from 4 random bits:
 * no rejection sampling and no modulo bias.
 *
 * <p>Input is normalised before hashing: ASCII letters are lower-cased, ASCII spaces and
 * hyphens are removed, and the rest must be exactly a code. Nothing else is folded (for example
 * the Kelvin sign, which {@link String#toLowerCase} turns into {@code k}, is rejected).
 *
 * <p>Stateless and thread-safe.
 */
public final class RecoveryCodes {

  /** Codes in a set. */
  public static final int COUNT = 10;

  /** The symbols of a code, in the order of their 4-bit values. */
  public static final String ALPHABET = "23456789hkmrtwxy";

  /** Symbols in {@link #ALPHABET}. */
  public static final int ALPHABET_SIZE = 16;

  /** Characters in a normalised code. */
  public static final int LENGTH = 16;

  /** Characters per hyphen-separated group in the display form. */
  public static final int GROUP_SIZE = 4;

  /** Random bits in a code: {@code LENGTH * log2(ALPHABET_SIZE)}. */
  public static final int ENTROPY_BITS = 64;

  private static final int BITS_PER_CHAR = 4;

  /** Symbol value by ASCII code (either case), -1 where the character is not a symbol. */
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      char c = ALPHABET.charAt(i);
      VALUES[c] = (byte) i;
      VALUES[Character.toUpperCase(c)] = (byte) i;
    }
  }

  private RecoveryCodes() {}

  /**
   * Creates a fresh set of codes.
   *
   * @param random a cryptographically strong source, for example {@code new SecureRandom()}
   * @return {@value #COUNT} distinct codes in normalised form (no hyphens); unmodifiable
   */
  public static List<String> generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    Set<String> codes = new LinkedHashSet<>();
    byte[] bits = new byte[LENGTH * BITS_PER_CHAR / 8];
    // A repeat among 64-bit values is practically impossible; the loop keeps the promise anyway.
    while (codes.size() < COUNT) {
      random.nextBytes(bits);
      char[] code = new char[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        int nibble = (bits[i / 2] >>> (i % 2 == 0 ? 4 : 0)) & 0x0f;
        code[i] = ALPHABET.charAt(nibble);
      }
      codes.add(new String(code));
    }
    Arrays.fill(bits, (byte) 0);
    return Collections.unmodifiableList(new ArrayList<>(codes));
  }

  /**
   * Turns what a user typed into the canonical form that is hashed.
   *
   * @param input user input in either case, with any ASCII spaces and hyphens; may be null
   * @return the {@value #LENGTH}-character lower-case code, or empty if {@code input} is not a
   *     code
   */
  public static Optional<String> normalize(String input) {
    if (input == null) {
      return Optional.empty();
    }
    char[] code = new char[LENGTH];
    int count = 0;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      int value = c < 128 ? VALUES[c] : -1;
      if (value < 0 || count == LENGTH) {
        return Optional.empty();
      }
      code[count++] = ALPHABET.charAt(value);
    }
    return count == LENGTH ? Optional.of(new String(code)) : Optional.empty();
  }

  /**
   * The display form of a normalised code: groups of {@value #GROUP_SIZE} joined by hyphens.
   *
   * @param normalized a code as returned by {@link #generate} or {@link #normalize}
   * @return for example {@code 7hk3-xm2r-94ty-w8k6}
   * @throws IllegalArgumentException if {@code normalized} is not a normalised code
   */
  public static String format(String normalized) {
    if (normalized == null || normalized.length() != LENGTH
        || !normalize(normalized).map(normalized::equals).orElse(false)) {
      throw new IllegalArgumentException("not a normalised recovery code");
    }
    StringBuilder out = new StringBuilder(LENGTH + LENGTH / GROUP_SIZE);
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % GROUP_SIZE == 0) {
        out.append('-');
      }
      out.append(normalized.charAt(i));
    }
    return out.toString();
  }
}
