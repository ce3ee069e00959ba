package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final Router router = new Router(List.of(
      new TemplateRoute("GET", "/v1/orgs/{orgId}/security", "Security"),
      new TemplateRoute("PUT", "/v1/orgs/{orgId}/security/two-factor", "Security"),
      new TemplateRoute("GET", "/v1/orgs/acme/security", "AcmeSpecial"),
      new TemplateRoute("GET", "/v1/me/two-factor", "Me"),
      new TemplateRoute("DELETE", "/v1/me/two-factor", "Me"),
      new TemplateRoute("ANY", "/v1/files/{proxy+}", "Files"),
      new TemplateRoute("GET", "/v1/files/special", "Special"),
      new TemplateRoute("ANY", "/v1/any", "AnyMethod"),
      new TemplateRoute("POST", "/v1/any", "PostOnly"),
      TemplateRoute.defaultRoute("Default")));

  @Test
  void pathParameterIsBoundAndDecoded() {
    Router.Match m = router.match("GET", "/v1/orgs/big%20co%2Fx+y/security");
    assertTrue(m.found());
    assertEquals("Security", m.route().functionId());
    assertEquals(Map.of("orgId", "big co/x+y"), m.pathParameters());
    assertEquals("GET /v1/orgs/{orgId}/security", m.route().routeKey());
  }

  @Test
  void literalSegmentBeatsParameter() {
    assertEquals("AcmeSpecial", router.match("GET", "/v1/orgs/acme/security").route().functionId());
    assertEquals("Security", router.match("GET", "/v1/orgs/other/security").route().functionId());
  }

  @Test
  void literalRouteBeatsGreedyAndGreedyTakesTheRest() {
    assertEquals("Special", router.match("GET", "/v1/files/special").route().functionId());
    Router.Match deep = router.match("POST", "/v1/files/special/a/b%20c");
    assertEquals("Files", deep.route().functionId());
    assertEquals(Map.of("proxy", "special/a/b c"), deep.pathParameters());
    // The literal route is GET only, so another method on it falls to the greedy ANY route.
    assertEquals("Files", router.match("DELETE", "/v1/files/special").route().functionId());
  }

  @Test
  void greedyParameterNeedsAtLeastOneSegment() {
    assertFalse(router.match("GET", "/v1/files").found());
    assertFalse(router.match("GET", "/v1/files/").found());
  }

  @Test
  void exactMethodBeatsAnyAndAnyMatchesEveryMethod() {
    assertEquals("PostOnly", router.match("POST", "/v1/any").route().functionId());
    assertEquals("AnyMethod", router.match("PATCH", "/v1/any").route().functionId());
    assertEquals("AnyMethod", router.match("GET", "/v1/any").route().functionId());
  }

  @Test
  void wrongMethodOnKnownPathIsNotFoundButReportsAllowedMethods() {
    Router.Match m = router.match("POST", "/v1/me/two-factor");
    assertFalse(m.found());
    assertEquals(Set.of("DELETE", "GET"), m.allowedMethods());
  }

  @Test
  void unknownPathMatchesNothingAndDefaultRouteIsSeparate() {
    Router.Match m = router.match("GET", "/v2/whatever");
    assertFalse(m.found());
    assertTrue(m.allowedMethods().isEmpty());
    assertEquals("$default", router.defaultRoute().orElseThrow().routeKey());
  }

  @Test
  void trailingSlashesAndEmptySegmentsDoNotMatch() {
    assertFalse(router.match("GET", "/v1/me/two-factor/").found());
    assertFalse(router.match("GET", "/v1//me/two-factor").found());
    assertFalse(router.match("GET", "/v1/orgs//security").found());
  }

  @Test
  void percentEncodedLiteralStillMatches() {
    assertEquals("Me", router.match("GET", "/v1/me/two%2Dfactor").route().functionId());
  }

  @Test
  void malformedPathTemplatesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new Router(List.of(new TemplateRoute("GET", "/a/{rest+}/b", "F"))));
    assertThrows(IllegalArgumentException.class,
        () -> new Router(List.of(new TemplateRoute("GET", "/a/x{id}", "F"))));
    assertThrows(IllegalArgumentException.class,
        () -> new TemplateRoute("GET", "relative/path", "F"));
  }
}
