package dev.keyfob.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Claim checks shared by both verifiers. Every failure is a 401 {@code UNAUTHENTICATED} whose
 * detail names at most a claim, never a value from the token.
 */
final class TokenChecks {

  /** Clock skew tolerated on {@code exp}, {@code nbf}, {@code iat} and {@code auth_time}. */
  static final Duration LEEWAY = Duration.ofSeconds(60);

  /** User and org ids, as the contract defines them. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._@:+-]{1,128}");

  /** Latest NumericDate accepted (9999-12-31T23:59:59Z); larger values are malformed. */
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  static final String MALFORMED = "The token is malformed.";
  static final String ALGORITHM = "The token's signing algorithm is not accepted.";
  static final String UNKNOWN_KEY = "The token's signing key is not known.";
  static final String BAD_SIGNATURE = "The token's signature is not valid.";
  static final String WRONG_ISSUER = "The token was not issued by a trusted issuer.";
  static final String WRONG_AUDIENCE = "The token is not meant for this service.";
  static final String EXPIRED = "The token has expired.";
  static final String NOT_YET_VALID = "The token is not valid yet.";

  private TokenChecks() {}

  static ProblemException reject(String detail) {
    return new ProblemException(ProblemType.UNAUTHENTICATED, detail);
  }

  static JWTClaimsSet claims(SignedJWT jwt) {
    try {
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (claims != null) {
        return claims;
      }
    } catch (ParseException | RuntimeException e) {
      // fall through: a payload that is not a JSON object of claims
    }
    throw reject(MALFORMED);
  }

  static void requireIssuer(JWTClaimsSet claims, String issuer) {
    if (!issuer.equals(claims.getIssuer())) {
      throw reject(WRONG_ISSUER);
    }
  }

  static void requireAudience(JWTClaimsSet claims, String audience) {
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw reject(WRONG_AUDIENCE);
    }
  }

  /**
   * Checks the claims both token kinds carry and builds the principal. MFA tokens must also
   * carry {@code iat}, {@code jti} and {@code fv}.
   */
  static Principal principal(TokenKind kind, JWTClaimsSet claims, Clock clock) {
    boolean mfa = kind == TokenKind.MFA;
    Instant now = clock.instant();

    Instant expiresAt = requiredTime(claims, "exp");
    if (now.isAfter(expiresAt.plus(LEEWAY))) {
      throw reject(EXPIRED);
    }
    Instant notBefore = optionalTime(claims, "nbf");
    if (notBefore != null && notBefore.isAfter(now.plus(LEEWAY))) {
      throw reject(NOT_YET_VALID);
    }
    Instant issuedAt = mfa ? requiredTime(claims, "iat") : optionalTime(claims, "iat");
    if (issuedAt != null && issuedAt.isAfter(now.plus(LEEWAY))) {
      throw reject(NOT_YET_VALID);
    }
    Instant authTime = requiredTime(claims, "auth_time");
    if (authTime.isAfter(now.plus(LEEWAY))) {
      throw reject(NOT_YET_VALID);
    }

    String userId = identifier(claims, "sub");
    String orgId = identifier(claims, "org_id");
    OrgRole orgRole = OrgRole.fromClaim(requiredString(claims, "org_role"))
        .orElseThrow(() -> invalid("org_role"));
    List<String> amr = amr(claims);
    String email = optionalString(claims, "email");
    String platformRole = optionalString(claims, "platform_role");
    Object pwdSetClaim = claims.getClaim("pwd_set");
    boolean pwdSet;
    if (pwdSetClaim == null) {
      pwdSet = amr.contains(Principal.AMR_PASSWORD);
    } else if (pwdSetClaim instanceof Boolean b) {
      pwdSet = b;
    } else {
      throw invalid("pwd_set");
    }
    String tokenId = mfa ? requiredString(claims, "jti") : optionalString(claims, "jti");
    Long factorVersion = mfa ? requiredInteger(claims, "fv") : null;

    return new Principal(kind, userId, email, orgId, orgRole, amr, authTime, pwdSet, platformRole,
        issuedAt != null ? issuedAt : authTime, expiresAt, factorVersion, tokenId);
  }

  private static ProblemException missing(String claim) {
    return reject("The token lacks the " + claim + " claim.");
  }

  private static ProblemException invalid(String claim) {
    return reject("The token's " + claim + " claim is not valid.");
  }

  private static String identifier(JWTClaimsSet claims, String name) {
    String value = requiredString(claims, name);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw invalid(name);
    }
    return value;
  }

  private static String requiredString(JWTClaimsSet claims, String name) {
    String value = optionalString(claims, name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  private static String optionalString(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || !wellFormed(s)) {
      throw invalid(name);
    }
    return s;
  }

  /**
   * Whether every surrogate in {@code s} is half of a pair. A JSON escape in a claim can spell a
   * lone one, which no UTF-8 store can hold (the email claim is stored with the membership).
   */
  private static boolean wellFormed(String s) {
    // UTF-8 cannot encode a lone surrogate, so the encoder says whether every one is paired.
    return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  private static long requiredInteger(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    if (value == null) {
      throw missing(name);
    }
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    throw invalid(name);
  }

  private static List<String> amr(JWTClaimsSet claims) {
    Object value = claims.getClaim("amr");
    if (value == null) {
      throw missing("amr");
    }
    if (!(value instanceof List<?> list)) {
      throw invalid("amr");
    }
    List<String> amr = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw invalid("amr");
      }
      amr.add(s);
    }
    return amr;
  }

  private static Instant requiredTime(JWTClaimsSet claims, String name) {
    Instant value = optionalTime(claims, name);
    if (value == null) {
      throw missing(name);
    }
    return value;
  }

  /** A NumericDate claim in whole seconds; nimbus already turned registered ones into dates. */
  private static Instant optionalTime(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    long seconds;
    if (value == null) {
      return null;
    } else if (value instanceof Date date) {
      seconds = Math.floorDiv(date.getTime(), 1000L);
    } else if (value instanceof Long || value instanceof Integer) {
      seconds = ((Number) value).longValue();
    } else if (value instanceof Double d && Double.isFinite(d)
        && Math.abs(d) <= MAX_EPOCH_SECOND) {
      seconds = (long) Math.floor(d);
    } else {
      throw invalid(name);
    }
    if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
      throw invalid(name);
    }
    return Instant.ofEpochSecond(seconds);
  }
}
