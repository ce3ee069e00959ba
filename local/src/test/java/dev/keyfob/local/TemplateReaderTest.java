package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {

  @Test
  void fixtureTemplateWithIntrinsicTagsEverywhereIsRead() {
    SamTemplate t = TemplateReader.read(Fixtures.template());
    assertEquals(List.of("OrgSecurityFunction", "PersonalFunction", "FilesFunction",
            "BinaryFunction", "FailingFunction", "LatchFunction", "DefaultFunction",
            "KeyRotationFunction"),
        t.functions().stream().map(FunctionDef::logicalId).collect(Collectors.toList()));

    FunctionDef security = t.function("OrgSecurityFunction").orElseThrow();
    assertEquals("dev.keyfob.local.EchoHandler", security.handlerClass());
    assertEquals("handleRequest", security.handlerMethod());
    assertEquals(10, security.timeoutSeconds(), "Timeout from Globals.Function");
    assertEquals(512, security.memoryMb(), "MemorySize from Globals.Function");
    assertEquals(List.of("GET /v1/orgs/{orgId}/security", "PUT /v1/orgs/{orgId}/security/two-factor"),
        security.routes().stream().map(TemplateRoute::routeKey).collect(Collectors.toList()),
        "methods are upper-cased");

    assertEquals(30, t.function("PersonalFunction").orElseThrow().timeoutSeconds(),
        "the function's own Timeout wins over Globals");
    assertEquals("await", t.function("LatchFunction").orElseThrow().handlerMethod());
    assertEquals("handleRequest", t.function("FilesFunction").orElseThrow().handlerMethod(),
        "a Handler without ::method means handleRequest");
    assertEquals("ANY /v1/files/{proxy+}",
        t.function("FilesFunction").orElseThrow().routes().get(0).routeKey());
  }

  @Test
  void codeUriComesFromTheFunctionOrFromGlobals() {
    SamTemplate t = TemplateReader.parse("""
        Globals:
          Function:
            CodeUri: functions/target/shared.jar
        Resources:
          Shared:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::handleRequest
          Own:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: "own/target/own.jar"
              Handler: a.C::handleRequest
        """, "inline");
    assertEquals("functions/target/shared.jar", t.function("Shared").orElseThrow().codeUri());
    assertEquals("own/target/own.jar", t.function("Own").orElseThrow().codeUri());
    assertEquals(null, TemplateReader.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::handleRequest
              CodeUri: !Ref Somewhere
        """, "inline").function("Fn").orElseThrow().codeUri(), "an intrinsic is not a path");
  }

  @Test
  void eventWithoutPathIsTheDefaultRoute() {
    SamTemplate t = TemplateReader.read(Fixtures.template());
    TemplateRoute d = t.defaultRoute().orElseThrow();
    assertEquals("DefaultFunction", d.functionId());
    assertEquals("$default", d.routeKey());
  }

  @Test
  void pathDollarDefaultIsTheDefaultRouteToo() {
    SamTemplate t = TemplateReader.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::handleRequest
              Events:
                All: {Type: HttpApi, Properties: {Path: $default, Method: ANY, ApiId: !Ref Api}}
        """, "inline");
    assertTrue(t.defaultRoute().isPresent());
    assertEquals(List.of("$default"), t.routes().stream().map(TemplateRoute::routeKey).toList());
  }

  @Test
  void functionsWithoutHttpEventsAreNotServed() {
    SamTemplate t = TemplateReader.read(Fixtures.template());
    FunctionDef rotation = t.function("KeyRotationFunction").orElseThrow();
    assertFalse(rotation.servesHttp());
    assertFalse(t.httpFunctions().contains(rotation));
    assertEquals(7, t.httpFunctions().size());
  }

  @Test
  void corsConfigurationIsTakenFromTheHttpApi() {
    CorsConfig cors = TemplateReader.read(Fixtures.template()).cors().orElseThrow();
    assertEquals(List.of("http://app.example"), cors.allowOrigins());
    assertTrue(cors.originsFromTemplate());
    assertEquals(List.of("GET", "POST", "PUT", "DELETE"), cors.allowMethods());
    assertEquals(List.of("authorization", "content-type"), cors.allowHeaders());
    assertEquals(List.of("retry-after"), cors.exposeHeaders());
    assertEquals(600, cors.maxAgeSeconds());
  }

  @Test
  void corsOriginsGivenAsIntrinsicAreMarkedForTheLocalSetting() {
    SamTemplate t = TemplateReader.parse("""
        Globals:
          HttpApi:
            CorsConfiguration:
              AllowOrigins: !Ref AllowedOrigins
              AllowMethods: ['*']
        Resources:
          Api: {Type: AWS::Serverless::HttpApi}
        """, "inline");
    CorsConfig cors = t.cors().orElseThrow();
    assertFalse(cors.originsFromTemplate());
    assertTrue(cors.allowOrigins().isEmpty());
  }

  @Test
  void corsTrueAllowsEverything() {
    SamTemplate t = TemplateReader.parse("""
        Resources:
          Api: {Type: AWS::Serverless::HttpApi, Properties: {CorsConfiguration: true}}
        """, "inline");
    assertEquals(List.of("*"), t.cors().orElseThrow().allowOrigins());
  }

  @Test
  void intrinsicValuesAreKeptUnevaluated() {
    SamTemplate t = TemplateReader.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::handleRequest
              Timeout: !If [IsProd, 30, 10]
              MemorySize: !FindInMap [M, !Ref Stage, Memory]
              Events:
                E: {Type: HttpApi, Properties: {Path: /x, Method: GET}}
        """, "inline");
    FunctionDef fn = t.function("Fn").orElseThrow();
    assertEquals(FunctionDef.DEFAULT_TIMEOUT_SECONDS, fn.timeoutSeconds());
    assertEquals(FunctionDef.DEFAULT_MEMORY_MB, fn.memoryMb());
  }

  @Test
  void sameRouteTwiceIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TemplateReader.parse("""
            Resources:
              A:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.A
                  Events: {E: {Type: HttpApi, Properties: {Path: /x, Method: GET}}}
              B:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.B
                  Events: {E: {Type: HttpApi, Properties: {Path: /x, Method: get}}}
            """, "inline"));
    assertTrue(e.getMessage().contains("GET /x"), e.getMessage());
  }

  @Test
  void routePathWrittenAsIntrinsicIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TemplateReader.parse("""
            Resources:
              A:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.A
                  Events: {E: {Type: HttpApi, Properties: {Path: !Sub "/${P}", Method: GET}}}
            """, "inline"));
    assertTrue(e.getMessage().contains("Resources.A.Properties.Events.E"), e.getMessage());
  }

  @Test
  void httpFunctionWithoutHandlerIsRejectedButOthersAreSkipped() {
    assertThrows(IllegalArgumentException.class, () -> TemplateReader.parse("""
        Resources:
          A:
            Type: AWS::Serverless::Function
            Properties:
              PackageType: Image
              Events: {E: {Type: HttpApi, Properties: {Path: /x, Method: GET}}}
        """, "inline"));
    SamTemplate t = TemplateReader.parse("""
        Resources:
          A: {Type: AWS::Serverless::Function, Properties: {PackageType: Image}}
        """, "inline");
    assertTrue(t.functions().isEmpty());
  }

  @Test
  void notYamlOrNoResourcesIsAClearError() {
    assertThrows(IllegalArgumentException.class, () -> TemplateReader.parse("a: [", "broken"));
    assertThrows(IllegalArgumentException.class, () -> TemplateReader.parse("A: 1", "empty"));
    assertThrows(IllegalArgumentException.class, () -> TemplateReader.parse("""
        Resources: {A: 1}
        Resources: {B: 2}
        """, "duplicate keys"));
  }
}
