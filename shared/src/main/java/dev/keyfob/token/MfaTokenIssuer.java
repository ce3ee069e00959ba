package dev.keyfob.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Signs keyfob MFA tokens after a second factor succeeded ({@code docs/openapi.yaml}, the
 * {@code bearerJwt} scheme).
 *
 * <p>Header: {@code alg} ES256, {@code kid} of the active key, {@code typ} JWT. Claims: {@code
 * iss}, {@code aud} (a single string), {@code sub}, {@code email} (if the basis has one), {@code
 * org_id}, {@code org_role}, {@code platform_role} (if any), {@code pwd_set}, {@code amr} (the
 * basis {@code amr} followed by {@code "mfa"} and the method, each once, order kept), {@code
 * auth_time} (copied), {@code iat} (now), {@code exp} (the earlier of {@code iat} + TTL and the
 * basis token's {@code exp}), {@code jti} (128 random bits, base64url) and {@code fv}. All times
 * are whole seconds from the injected clock.
 *
 * <p>Signing uses the key {@link SigningKeys} keeps decrypted, so after the first token of an
 * execution environment issuing makes no KMS call. Thread-safe.
 */
public final class MfaTokenIssuer {

  /**
   * Second-factor methods, as they appear in {@code amr} (RFC 8176 where it names them):
   * {@code otp} the app, {@code recovery_code}, {@code hwk} a device-bound security key,
   * {@code swk} a synced passkey, {@code remembered_device} a device token.
   */
  public static final Set<String> METHODS = Set.of("otp", "recovery_code", "hwk", "swk",
      "remembered_device");

  // On Linux the default SecureRandom (NativePRNG) mixes in kernel entropy on every call, so
  // environments restored from one SnapStart snapshot still draw different jti values.
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int JTI_BYTES = 16;

  private final SigningKeys keys;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;
  private volatile CachedSigner signer;

  /** A signer for one key; compared by identity with what {@link SigningKeys} hands out. */
  private record CachedSigner(ECKey key, ECDSASigner signer) {
    @Override
    public String toString() {
      return "CachedSigner[kid=" + key.getKeyID() + "]";
    }
  }

  /**
   * @param keys the signing keys
   * @param issuer {@code iss} of the tokens ({@code KEYFOB_ISSUER})
   * @param audience {@code aud} of the tokens ({@code KEYFOB_MFA_AUDIENCE})
   * @param ttl lifetime of a token; at least one second, at most {@link
   *     SigningKeys#MAX_TOKEN_LIFETIME}
   * @param clock source of {@code iat}
   * @throws IllegalArgumentException if issuer or audience is blank or ttl is out of range
   */
  public MfaTokenIssuer(SigningKeys keys, String issuer, String audience, Duration ttl,
      Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = requireText(issuer, "issuer");
    this.audience = requireText(audience, "audience");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0
        || ttl.compareTo(SigningKeys.MAX_TOKEN_LIFETIME) > 0) {
      throw new IllegalArgumentException("ttl must be between 1 second and "
          + SigningKeys.MAX_TOKEN_LIFETIME.toHours() + " hours");
    }
    this.ttl = ttl;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Signs an MFA token for the caller of a verified token.
   *
   * @param basis the caller, usually from an identity-provider token
   * @param method {@code "otp"} or {@code "recovery_code"}
   * @param factorVersion the user's current factor version, for the {@code fv} claim
   * @throws IllegalArgumentException if the method is unknown
   * @throws dev.keyfob.problem.ProblemException {@code UNAUTHENTICATED} if the basis token has
   *     already expired (it may still have passed verification within the leeway)
   * @throws dev.keyfob.problem.DependencyUnavailableException if the signing key cannot be loaded
   */
  public IssuedToken issue(Principal basis, String method, long factorVersion) {
    return prepare(basis, method, factorVersion).sign();
  }

  /**
   * Everything of {@link #issue} that can fail: the claims, the check that the basis token has
   * not expired, and the signing key (loaded if need be). What is left, the signature itself,
   * cannot fail, so a caller may run it while a write is in flight and hand the token out only
   * once the write has succeeded.
   *
   * @throws dev.keyfob.problem.ProblemException {@code UNAUTHENTICATED} if the basis token has
   *     already expired
   * @throws dev.keyfob.problem.DependencyUnavailableException if the signing key cannot be loaded
   */
  public UnsignedToken prepare(Principal basis, String method, long factorVersion) {
    Objects.requireNonNull(basis, "basis");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method must be one of " + METHODS);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(ttl);
    Instant basisExpiry = basis.expiresAt().truncatedTo(ChronoUnit.SECONDS);
    if (basisExpiry.isBefore(expiresAt)) {
      expiresAt = basisExpiry;
    }
    Set<String> amr = firstFactorAmr(basis);
    amr.add(Principal.AMR_MFA);
    amr.add(method);
    return unsigned(basis, amr, now, expiresAt, factorVersion);
  }

  /**
   * The identity provider's {@code amr} of the basis token. An MFA token's own methods are
   * dropped: the new token says what was just proved, so a session that began with a remembered
   * device and verifies again gets recent MFA without {@code remembered_device}.
   */
  private static Set<String> firstFactorAmr(Principal basis) {
    Set<String> amr = new LinkedHashSet<>(basis.amr());
    if (basis.mfa()) {
      amr.remove(Principal.AMR_MFA);
      amr.removeAll(METHODS);
    }
    return amr;
  }

  /**
   * The same MFA token with another factor version, for the caller who just removed one of their
   * methods: {@code iat}, {@code exp}, {@code auth_time} and {@code amr} are the caller's, so a
   * removal never extends a session or its step-up window; only {@code jti} and {@code fv} are
   * new.
   *
   * @param current the caller's verified MFA token
   * @throws dev.keyfob.problem.ProblemException {@code UNAUTHENTICATED} if it has expired
   */
  public UnsignedToken prepareSuccessor(Principal current, long factorVersion) {
    if (!Objects.requireNonNull(current, "current").mfa()) {
      throw new IllegalArgumentException("only an MFA token has a successor");
    }
    return unsigned(current, new LinkedHashSet<>(current.amr()),
        current.issuedAt().truncatedTo(ChronoUnit.SECONDS),
        current.expiresAt().truncatedTo(ChronoUnit.SECONDS), factorVersion);
  }

  private UnsignedToken unsigned(Principal basis, Set<String> amr, Instant issuedAt,
      Instant expiresAt, long factorVersion) {
    if (!expiresAt.isAfter(clock.instant().truncatedTo(ChronoUnit.SECONDS))) {
      throw TokenChecks.reject(TokenChecks.EXPIRED);
    }
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(basis.userId());
    if (basis.email() != null) {
      claims.claim("email", basis.email());
    }
    claims.claim("org_id", basis.orgId())
        .claim("org_role", basis.orgRole().claimValue());
    if (basis.platformRole() != null) {
      claims.claim("platform_role", basis.platformRole());
    }
    claims.claim("pwd_set", basis.pwdSet())
        .claim("amr", List.copyOf(amr))
        .claim("auth_time", basis.authTime().getEpochSecond())
        .issueTime(Date.from(issuedAt))
        .expirationTime(Date.from(expiresAt))
        .jwtID(newJti())
        .claim("fv", factorVersion);

    ECKey key = keys.activeSigningKey();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build(),
        claims.build());
    ECDSASigner signer;
    try {
      signer = signerFor(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("the signing key " + key.getKeyID() + " is not an EC key");
    }
    return new UnsignedToken(jwt, signer, expiresAt);
  }

  /** A token whose claims and key are settled; signing it is pure computation. */
  public static final class UnsignedToken {
    private final SignedJWT jwt;
    private final ECDSASigner signer;
    private final Instant expiresAt;

    private UnsignedToken(SignedJWT jwt, ECDSASigner signer, Instant expiresAt) {
      this.jwt = jwt;
      this.signer = signer;
      this.expiresAt = expiresAt;
    }

    /** Signs; ES256 with a loaded P-256 key has no failure mode but a JVM fault. */
    public IssuedToken sign() {
      try {
        jwt.sign(signer);
      } catch (JOSEException e) {
        throw new IllegalStateException("ES256 signing failed", e);
      }
      return new IssuedToken(jwt.serialize(), expiresAt);
    }

    @Override
    public String toString() {
      return "UnsignedToken[expiresAt=" + expiresAt + "]";
    }
  }

  @Override
  public String toString() {
    return "MfaTokenIssuer[issuer=" + issuer + ", audience=" + audience + ", ttl=" + ttl + "]";
  }

  private ECDSASigner signerFor(ECKey key) throws JOSEException {
    CachedSigner cached = signer;
    if (cached == null || cached.key != key) {
      cached = new CachedSigner(key, new ECDSASigner(key));
      signer = cached;
    }
    return cached.signer;
  }

  private static String newJti() {
    byte[] bytes = new byte[JTI_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64URL.encode(bytes).toString();
  }

  static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
