package dev.keyfob.local.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Assertions of the contract's Conventions: problem+json shape, headers, time format. */
public final class ContractAssertions {

  /** Every problem code of the contract and its status, written down from docs/openapi.yaml. */
  public static final Map<String, Integer> STATUS_OF = Map.ofEntries(
      Map.entry("INVALID_REQUEST", 400),
      Map.entry("INVALID_CREDENTIAL", 400),
      Map.entry("UNAUTHENTICATED", 401),
      Map.entry("INVALID_CODE", 401),
      Map.entry("INVALID_RECOVERY_CODE", 401),
      Map.entry("INVALID_ASSERTION", 401),
      Map.entry("INVALID_DEVICE_TOKEN", 401),
      Map.entry("FORBIDDEN", 403),
      Map.entry("ENROLLMENT_REQUIRED", 403),
      Map.entry("MFA_REQUIRED", 403),
      Map.entry("PASSWORD_REQUIRED", 403),
      Map.entry("STEP_UP_REQUIRED", 403),
      Map.entry("NOT_FOUND", 404),
      Map.entry("ENROLLMENT_NOT_FOUND", 404),
      Map.entry("NOT_A_MEMBER", 404),
      Map.entry("REGISTRATION_NOT_FOUND", 404),
      Map.entry("ASSERTION_NOT_FOUND", 404),
      Map.entry("CREDENTIAL_NOT_FOUND", 404),
      Map.entry("METHOD_NOT_ALLOWED", 405),
      Map.entry("SSO_EXEMPT", 409),
      Map.entry("NOT_ENROLLED", 409),
      Map.entry("SSO_ENABLED", 409),
      Map.entry("TWO_FACTOR_ENABLED", 409),
      Map.entry("METHOD_NOT_ENROLLED", 409),
      Map.entry("LAST_FACTOR", 409),
      Map.entry("CREDENTIAL_EXISTS", 409),
      Map.entry("TOO_MANY_CREDENTIALS", 409),
      Map.entry("PAYLOAD_TOO_LARGE", 413),
      Map.entry("MISDIRECTED_REQUEST", 421),
      Map.entry("LOCKED", 429),
      Map.entry("UNAVAILABLE", 503));

  private static final Pattern RFC3339_UTC =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  private ContractAssertions() {}

  /** {@code Cache-Control: no-store} and a non-blank {@code X-Request-Id}. */
  public static void assertCommonHeaders(Reply r) {
    assertEquals("no-store", r.header("Cache-Control").orElse(null),
        "Cache-Control of " + r);
    assertFalse(r.header("X-Request-Id").orElse("").isBlank(), "X-Request-Id of " + r);
  }

  /**
   * The response is the contract's problem: status, {@code application/problem+json}, {@code
   * type} URI of the code in lower-kebab-case, {@code title}, {@code status}, {@code detail} and
   * {@code code}, the common headers, and a detail that is no stack trace.
   *
   * @return the problem's members, for checks of the extra ones
   */
  public static Map<String, Object> assertProblem(Reply r, int status, String code) {
    assertEquals(STATUS_OF.get(code), status, "the contract's status of " + code);
    if (r.status() != status || !code.equals(r.code())) {
      fail("expected " + status + " " + code + " but got " + r);
    }
    assertTrue(r.header("Content-Type").orElse("").startsWith("application/problem+json"),
        "problem content type of " + r);
    assertCommonHeaders(r);
    Map<String, Object> p = r.json();
    assertEquals("https://keyfob.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
        p.get("type"), "type of " + r);
    assertInstanceOf(String.class, p.get("title"), "title of " + r);
    assertFalse(((String) p.get("title")).isBlank(), "title of " + r);
    assertEquals(status, ((Number) p.get("status")).intValue(), "status member of " + r);
    assertInstanceOf(String.class, p.get("detail"), "detail of " + r);
    String detail = (String) p.get("detail");
    assertFalse(detail.isBlank(), "detail of " + r);
    for (String internal : List.of("Exception", "\tat ", "java.", "software.amazon", "dev.keyfob")) {
      assertFalse(detail.contains(internal), "detail names internals: " + detail);
    }
    assertEquals(code, p.get("code"));
    return p;
  }

  /** Like {@link #assertProblem}, and the detail repeats none of {@code secrets}. */
  public static Map<String, Object> assertProblem(Reply r, int status, String code,
      String... secrets) {
    Map<String, Object> p = assertProblem(r, status, code);
    for (String s : secrets) {
      if (s != null && !s.isBlank()) {
        assertFalse(((String) p.get("detail")).contains(s.trim()),
            "detail echoes a value sent: " + p.get("detail"));
      }
    }
    return p;
  }

  /** 401 {@code INVALID_CODE} or {@code INVALID_RECOVERY_CODE} with {@code attemptsRemaining}. */
  public static void assertWrongCode(Reply r, String code, int attemptsRemaining) {
    Map<String, Object> p = assertProblem(r, 401, code);
    assertEquals(attemptsRemaining, ((Number) p.get("attemptsRemaining")).intValue(),
        "attemptsRemaining of " + r);
  }

  /**
   * 429 {@code LOCKED} of a timed lock: {@code lockedUntil} whole seconds, {@code Retry-After}
   * whole seconds, agreeing with each other.
   *
   * @return lockedUntil
   */
  public static Instant assertTimedLock(Reply r, Instant now) {
    Map<String, Object> p = assertProblem(r, 429, "LOCKED");
    Instant until = assertTime(p.get("lockedUntil"));
    assertFalse(Boolean.TRUE.equals(p.get("permanent")), "a timed lock is not permanent: " + r);
    String retryAfter = r.header("Retry-After").orElseThrow(
        () -> new AssertionError("Retry-After missing on " + r));
    assertTrue(retryAfter.matches("[0-9]+"), "Retry-After is whole seconds: " + retryAfter);
    long seconds = Long.parseLong(retryAfter);
    assertTrue(seconds >= 1, "Retry-After is at least a second: " + retryAfter);
    long untilMinusNow = until.getEpochSecond() - now.getEpochSecond();
    assertTrue(Math.abs(untilMinusNow - seconds) <= 2,
        "Retry-After " + seconds + " agrees with lockedUntil " + until + " at " + now);
    return until;
  }

  /** 429 {@code LOCKED} for good: {@code permanent: true}, no lockedUntil, no Retry-After. */
  public static void assertPermanentLock(Reply r) {
    Map<String, Object> p = assertProblem(r, 429, "LOCKED");
    assertEquals(Boolean.TRUE, p.get("permanent"), "permanent of " + r);
    assertFalse(p.containsKey("lockedUntil") && p.get("lockedUntil") != null,
        "no lockedUntil on a permanent lock: " + r);
    assertTrue(r.header("Retry-After").isEmpty(), "no Retry-After on a permanent lock: " + r);
  }

  /** An RFC 3339 UTC time with whole seconds, e.g. {@code 2026-11-28T22:10:00Z}. */
  public static Instant assertTime(Object value) {
    assertInstanceOf(String.class, value, "a time is a string: " + value);
    assertTrue(RFC3339_UTC.matcher((String) value).matches(), "RFC 3339 UTC time: " + value);
    return Instant.parse((String) value);
  }

  /** Null, or an RFC 3339 UTC time. */
  public static Instant assertTimeOrNull(Object value) {
    return value == null ? null : assertTime(value);
  }
}
