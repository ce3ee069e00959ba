package dev.keyfob.local.contract;

import java.security.SecureRandom;

/** Fresh user and org ids, so every test works on state no other test touches. */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private Ids() {}

  /** {@code prefix-xxxxxxxx}: valid under the contract's identifier rule. */
  public static String unique(String prefix) {
    StringBuilder b = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 8; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
