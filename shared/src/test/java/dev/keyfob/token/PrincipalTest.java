package dev.keyfob.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrincipalTest {

  private static final Instant T = Instant.parse("2026-11-28T22:00:00Z");

  private static Principal principal(TokenKind kind, OrgRole role, List<String> amr,
      String platformRole) {
    return new Principal(kind, "u", null, "o", role, amr, T, false, platformRole, T,
        T.plusSeconds(60), kind == TokenKind.MFA ? 1L : null, null);
  }

  @Test
  void helpersReadTheClaims() {
    Principal sso = principal(TokenKind.IDENTITY_PROVIDER, OrgRole.MEMBER, List.of("sso"), null);
    assertTrue(sso.exempt());
    assertFalse(sso.signedInWithPassword() || sso.admin() || sso.support() || sso.mfa());

    Principal admin = principal(TokenKind.MFA, OrgRole.ADMIN, List.of("pwd", "mfa", "otp"),
        "support");
    assertTrue(admin.signedInWithPassword() && admin.admin() && admin.support() && admin.mfa());
    assertFalse(admin.exempt());
    assertFalse(principal(TokenKind.MFA, OrgRole.ADMIN, List.of("pwd"), "Support").support());
  }

  @Test
  void amrIsAnImmutableCopy() {
    List<String> amr = new ArrayList<>(List.of("pwd"));
    Principal p = principal(TokenKind.IDENTITY_PROVIDER, OrgRole.MEMBER, amr, null);
    amr.add("sso");
    assertEquals(List.of("pwd"), p.amr());
    assertThrows(UnsupportedOperationException.class, () -> p.amr().add("sso"));
  }

  @Test
  void requiredComponentsMustBePresent() {
    assertThrows(NullPointerException.class, () -> new Principal(TokenKind.MFA, null, null, "o",
        OrgRole.MEMBER, List.of(), T, false, null, T, T, 1L, "j"));
    assertThrows(NullPointerException.class, () -> new Principal(TokenKind.MFA, "u", null, "o",
        OrgRole.MEMBER, null, T, false, null, T, T, 1L, "j"));
    assertThrows(NullPointerException.class, () -> new Principal(TokenKind.MFA, "u", null, "o",
        null, List.of(), T, false, null, T, T, 1L, "j"));
  }

  @Test
  void orgRoleClaimValuesAreExact() {
    assertEquals(OrgRole.ADMIN, OrgRole.fromClaim("admin").orElseThrow());
    assertEquals(OrgRole.MEMBER, OrgRole.fromClaim("member").orElseThrow());
    assertTrue(OrgRole.fromClaim("Admin").isEmpty());
    assertTrue(OrgRole.fromClaim(null).isEmpty());
    assertEquals("admin", OrgRole.ADMIN.claimValue());
  }
}
