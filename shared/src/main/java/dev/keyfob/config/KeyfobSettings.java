package dev.keyfob.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every {@code KEYFOB_*} setting, read once from an environment map and validated.
 *
 * <p>Immutable and thread-safe. Durations are whole seconds in the environment. A setting that is
 * present but malformed is an {@link IllegalArgumentException} naming the setting, so a bad
 * deployment fails at start-up rather than on the first sign-in.
 *
 * @param tableName DynamoDB table holding all keyfob state ({@code KEYFOB_TABLE_NAME})
 * @param kmsKeyId KMS key id, ARN or alias used for envelope encryption ({@code KEYFOB_KMS_KEY_ID})
 * @param idpIssuer expected {@code iss} of identity-provider tokens ({@code KEYFOB_IDP_ISSUER})
 * @param idpAudience expected {@code aud} of identity-provider tokens ({@code KEYFOB_IDP_AUDIENCE})
 * @param idpJwksUrl where the identity provider publishes its keys ({@code KEYFOB_IDP_JWKS_URL})
 * @param mfaIssuer {@code iss} of the MFA tokens keyfob signs ({@code KEYFOB_ISSUER})
 * @param mfaAudience {@code aud} of the MFA tokens keyfob signs ({@code KEYFOB_MFA_AUDIENCE})
 * @param issuerName issuer shown in authenticator apps ({@code KEYFOB_ISSUER_NAME}, default keyfob)
 * @param mfaTokenTtl lifetime of an MFA token ({@code KEYFOB_MFA_TOKEN_TTL_SECONDS}, default 3600)
 * @param stepUpMaxAge how recent MFA or a password sign-in must be ({@code KEYFOB_STEP_UP_MAX_AGE_SECONDS}, default 300)
 * @param maxFailedAttempts failures per lock ({@code KEYFOB_MAX_FAILED_ATTEMPTS}, default 5)
 * @param lockout first lock duration, doubled per further lock ({@code KEYFOB_LOCKOUT_SECONDS}, default 60)
 * @param enrollmentTtl lifetime of a pending enrollment ({@code KEYFOB_ENROLLMENT_TTL_SECONDS}, default 600)
 * @param auditRetention how long audit events are kept before TTL removes them ({@code KEYFOB_AUDIT_RETENTION_DAYS}, default 400)
 * @param recoveryCodeIterations PBKDF2 iterations per recovery-code hash ({@code KEYFOB_RECOVERY_CODE_ITERATIONS}, default 10000)
 * @param corsAllowedOrigins origins allowed to call the API from a browser ({@code KEYFOB_CORS_ALLOWED_ORIGINS}, comma separated; empty means none)
 * @param webauthnOrigins origins allowed in WebAuthn {@code clientDataJSON} ({@code KEYFOB_WEBAUTHN_ORIGINS}, comma separated); checked by the WebAuthn function, which needs at least one
 * @param webauthnRpId the WebAuthn relying party id ({@code KEYFOB_WEBAUTHN_RP_ID}); null: the host of the first origin
 * @param webauthnRpName the relying party name authenticators show ({@code KEYFOB_WEBAUTHN_RP_NAME}, default the issuer name)
 * @param jwksCacheTtl how long each environment caches the public keys it publishes and verifies with ({@code KEYFOB_JWKS_CACHE_SECONDS}, default 60, at most 60)
 */
public record KeyfobSettings(
    String tableName,
    String kmsKeyId,
    String idpIssuer,
    String idpAudience,
    URI idpJwksUrl,
    String mfaIssuer,
    String mfaAudience,
    String issuerName,
    Duration mfaTokenTtl,
    Duration stepUpMaxAge,
    int maxFailedAttempts,
    Duration lockout,
    Duration enrollmentTtl,
    Duration auditRetention,
    int recoveryCodeIterations,
    List<String> corsAllowedOrigins,
    List<String> webauthnOrigins,
    String webauthnRpId,
    String webauthnRpName,
    Duration jwksCacheTtl) {

  /**
   * The default and the longest {@code KEYFOB_JWKS_CACHE_SECONDS}: the runbooks promise that
   * every environment publishes a rotated signing key within a minute.
   */
  public static final Duration LONGEST_JWKS_CACHE = Duration.ofSeconds(60);

  public KeyfobSettings {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(kmsKeyId, "kmsKeyId");
    Objects.requireNonNull(idpIssuer, "idpIssuer");
    Objects.requireNonNull(idpAudience, "idpAudience");
    Objects.requireNonNull(idpJwksUrl, "idpJwksUrl");
    Objects.requireNonNull(mfaIssuer, "mfaIssuer");
    Objects.requireNonNull(mfaAudience, "mfaAudience");
    Objects.requireNonNull(issuerName, "issuerName");
    if (maxFailedAttempts < 1 || maxFailedAttempts > 100) {
      throw new IllegalArgumentException("KEYFOB_MAX_FAILED_ATTEMPTS must be 1-100");
    }
    if (recoveryCodeIterations < 1000) {
      throw new IllegalArgumentException("KEYFOB_RECOVERY_CODE_ITERATIONS must be at least 1000");
    }
    requirePositive(mfaTokenTtl, "KEYFOB_MFA_TOKEN_TTL_SECONDS");
    requirePositive(jwksCacheTtl, "KEYFOB_JWKS_CACHE_SECONDS");
    if (jwksCacheTtl.compareTo(LONGEST_JWKS_CACHE) > 0) {
      throw new IllegalArgumentException("KEYFOB_JWKS_CACHE_SECONDS must be at most "
          + LONGEST_JWKS_CACHE.toSeconds());
    }
    if (mfaTokenTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("KEYFOB_MFA_TOKEN_TTL_SECONDS must be at most 86400");
    }
    requirePositive(stepUpMaxAge, "KEYFOB_STEP_UP_MAX_AGE_SECONDS");
    requirePositive(lockout, "KEYFOB_LOCKOUT_SECONDS");
    requirePositive(enrollmentTtl, "KEYFOB_ENROLLMENT_TTL_SECONDS");
    requirePositive(auditRetention, "KEYFOB_AUDIT_RETENTION_DAYS");
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    webauthnOrigins = List.copyOf(webauthnOrigins);
  }

  /**
   * Reads the settings from an environment map such as {@link System#getenv()}.
   *
   * @throws IllegalArgumentException if a required setting is missing or any is malformed
   */
  public static KeyfobSettings fromEnvironment(Map<String, String> env) {
    Reader r = new Reader(env);
    return new KeyfobSettings(
        r.required("KEYFOB_TABLE_NAME"),
        r.required("KEYFOB_KMS_KEY_ID"),
        r.required("KEYFOB_IDP_ISSUER"),
        r.required("KEYFOB_IDP_AUDIENCE"),
        URI.create(r.required("KEYFOB_IDP_JWKS_URL")),
        r.required("KEYFOB_ISSUER"),
        r.required("KEYFOB_MFA_AUDIENCE"),
        r.optional("KEYFOB_ISSUER_NAME").orElse("keyfob"),
        Duration.ofSeconds(r.integer("KEYFOB_MFA_TOKEN_TTL_SECONDS", 3600)),
        Duration.ofSeconds(r.integer("KEYFOB_STEP_UP_MAX_AGE_SECONDS", 300)),
        r.integer("KEYFOB_MAX_FAILED_ATTEMPTS", 5),
        Duration.ofSeconds(r.integer("KEYFOB_LOCKOUT_SECONDS", 60)),
        Duration.ofSeconds(r.integer("KEYFOB_ENROLLMENT_TTL_SECONDS", 600)),
        Duration.ofDays(r.integer("KEYFOB_AUDIT_RETENTION_DAYS", 400)),
        r.integer("KEYFOB_RECOVERY_CODE_ITERATIONS", 10_000),
        r.list("KEYFOB_CORS_ALLOWED_ORIGINS"),
        r.list("KEYFOB_WEBAUTHN_ORIGINS"),
        r.optional("KEYFOB_WEBAUTHN_RP_ID").orElse(null),
        r.optional("KEYFOB_WEBAUTHN_RP_NAME")
            .orElse(r.optional("KEYFOB_ISSUER_NAME").orElse("keyfob")),
        Duration.ofSeconds(r.integer("KEYFOB_JWKS_CACHE_SECONDS",
            (int) LONGEST_JWKS_CACHE.toSeconds())));
  }

  /** A copy with another table and key, for tests and the local API. */
  public KeyfobSettings withStorage(String newTableName, String newKmsKeyId) {
    return new KeyfobSettings(newTableName, newKmsKeyId, idpIssuer, idpAudience, idpJwksUrl,
        mfaIssuer, mfaAudience, issuerName, mfaTokenTtl, stepUpMaxAge, maxFailedAttempts, lockout,
        enrollmentTtl, auditRetention, recoveryCodeIterations, corsAllowedOrigins,
        webauthnOrigins, webauthnRpId, webauthnRpName, jwksCacheTtl);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive number of seconds");
    }
  }

  private static final class Reader {
    private final Map<String, String> env;

    Reader(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> optional(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String required(String name) {
      return optional(name).orElseThrow(
          () -> new IllegalArgumentException(name + " is required but not set"));
    }

    int integer(String name, int fallback) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(v.get(), 10);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number", e);
      }
    }

    List<String> list(String name) {
      return optional(name)
          .map(v -> List.of(v.split("\\s*,\\s*")))
          .orElse(List.of());
    }
  }
}
