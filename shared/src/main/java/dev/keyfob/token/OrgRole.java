package dev.keyfob.token;

import java.util.Optional;

/** A user's role in the org named by the token's {@code org_id} ({@code org_role} claim). */
public enum OrgRole {
  /** May manage the org's security settings, members and resets ({@code "admin"}). */
  ADMIN("admin"),
  /** An ordinary member ({@code "member"}). */
  MEMBER("member");

  private final String claimValue;

  OrgRole(String claimValue) {
    this.claimValue = claimValue;
  }

  /** The value as it appears in the {@code org_role} claim: {@code "admin"} or {@code "member"}. */
  public String claimValue() {
    return claimValue;
  }

  /** The role whose claim value is exactly {@code value} (case-sensitive), if any. */
  public static Optional<OrgRole> fromClaim(String value) {
    for (OrgRole role : values()) {
      if (role.claimValue.equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
