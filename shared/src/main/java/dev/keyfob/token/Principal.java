package dev.keyfob.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who is calling, as established by a verified bearer token of either kind.
 *
 * <p>Immutable and thread-safe; {@code amr} is an unmodifiable copy. Instants are whole seconds
 * (JWT NumericDate).
 *
 * @param kind which kind of token this came from
 * @param userId the {@code sub} claim: 1-128 characters of {@code [A-Za-z0-9._@:+-]}
 * @param email the {@code email} claim, or null when the token has none
 * @param orgId the {@code org_id} claim, same alphabet and length as {@code userId}
 * @param orgRole the {@code org_role} claim
 * @param amr the {@code amr} claim in token order, e.g. {@code ["pwd"]} or {@code ["pwd", "mfa",
 *     "otp"]}
 * @param authTime the {@code auth_time} claim: the user's last sign-in at the identity provider
 * @param pwdSet the {@code pwd_set} claim: whether the user has a password; a verifier defaults
 *     it to {@code amr} containing {@code "pwd"} when the claim is absent
 * @param platformRole the {@code platform_role} claim, e.g. {@code "support"}, or null
 * @param issuedAt the {@code iat} claim; for an identity-provider token without {@code iat}, its
 *     {@code auth_time} (never later than the real issue time, so age checks err on the safe side)
 * @param expiresAt the {@code exp} claim
 * @param factorVersion the {@code fv} claim of an MFA token; null for identity-provider tokens.
 *     Callers compare it with the stored factor version.
 * @param tokenId the {@code jti} claim, or null when the token has none (always present on MFA
 *     tokens)
 */
public record Principal(
    TokenKind kind,
    String userId,
    String email,
    String orgId,
    OrgRole orgRole,
    List<String> amr,
    Instant authTime,
    boolean pwdSet,
    String platformRole,
    Instant issuedAt,
    Instant expiresAt,
    Long factorVersion,
    String tokenId) {

  /** {@code amr} value of a single sign-on sign-in; such users are outside keyfob's 2FA. */
  public static final String AMR_SSO = "sso";
  /** {@code amr} value of a password sign-in. */
  public static final String AMR_PASSWORD = "pwd";
  /** {@code amr} value keyfob adds once a second factor succeeded. */
  public static final String AMR_MFA = "mfa";
  /** The {@code amr} of an MFA token got with a remembered device's token. */
  public static final String AMR_REMEMBERED_DEVICE = "remembered_device";
  /** {@code platform_role} of the operator's support staff. */
  public static final String PLATFORM_ROLE_SUPPORT = "support";

  /** @throws NullPointerException if a required component is null */
  public Principal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(orgRole, "orgRole");
    amr = List.copyOf(Objects.requireNonNull(amr, "amr"));
    Objects.requireNonNull(authTime, "authTime");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the user signed in with SSO ({@code amr} contains {@code "sso"}). */
  public boolean exempt() {
    return amr.contains(AMR_SSO);
  }

  /** Whether the caller is operator support staff ({@code platform_role} is {@code "support"}). */
  public boolean support() {
    return PLATFORM_ROLE_SUPPORT.equals(platformRole);
  }

  /** Whether the caller is an admin of {@link #orgId()}. */
  public boolean admin() {
    return orgRole == OrgRole.ADMIN;
  }

  /** Whether this came from a keyfob MFA token. */
  public boolean mfa() {
    return kind == TokenKind.MFA;
  }

  /** Whether the sign-in used a password ({@code amr} contains {@code "pwd"}). */
  public boolean signedInWithPassword() {
    return amr.contains(AMR_PASSWORD);
  }
}
