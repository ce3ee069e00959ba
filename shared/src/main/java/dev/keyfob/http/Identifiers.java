package dev.keyfob.http;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.util.regex.Pattern;

/** The contract's identifier rule: 1-128 characters of {@code [A-Za-z0-9._@:+-]}. */
public final class Identifiers {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@:+-]{1,128}");

  private Identifiers() {}

  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** Returns {@code id}, or throws 400 naming the field (never echoing the value). */
  public static String require(String id, String field) {
    if (!valid(id)) {
      throw new ProblemException(ProblemType.INVALID_REQUEST,
          field + " must be 1-128 characters of letters, digits and . _ @ : + -");
    }
    return id;
  }
}
