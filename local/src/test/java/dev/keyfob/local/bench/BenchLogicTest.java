package dev.keyfob.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.FunctionDef;
import dev.keyfob.local.SamTemplate;
import dev.keyfob.local.TemplateReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

/**
 * The bench's own arithmetic and parsing, and which function each cold case runs from; no JVM is
 * launched and nothing is timed.
 */
class BenchLogicTest {

  @Test
  void statsUseNearestRankPercentilesOverTheSortedSamples() {
    Stats s = Stats.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));
    assertEquals(3.0, s.median());
    assertEquals(1.0, s.min());
    assertEquals(5.0, s.max());
    assertEquals(5.0, s.percentile(99));
    assertEquals(1.0, s.percentile(20));
  }

  @Test
  void aChildsAnswerIsReportedByItsStatusAloneNeverByItsBody() {
    String line = "{\"statusCode\":403,\"body\":\"{\\\"mfaToken\\\":\\\"eyJsecret\\\"}\"}";
    assertEquals("\"statusCode\":403", ColdStarts.statusOf(line));
    assertEquals("nothing", ColdStarts.statusOf(null));
    assertEquals("a line without a status", ColdStarts.statusOf("eyJsecret"));
  }

  @Test
  void everyRoundRotatesTheOrderSoEachVariantTakesEveryPlace() {
    List<String> v = List.of("a", "b", "c");
    assertEquals(List.of("a", "b", "c"), ColdRounds.order(v, 0));
    assertEquals(List.of("b", "c", "a"), ColdRounds.order(v, 1));
    assertEquals(List.of("c", "a", "b"), ColdRounds.order(v, 2));
    assertEquals(List.of("a", "b", "c"), ColdRounds.order(v, 3));
  }

  @Test
  void classesAreCountedByTheLibraryOfTheirPackageAndHiddenClassesByTheirHost() {
    Map<String, Integer> counts = Libraries.count(List.of(
        "[0.010s][info][class,load] java.lang.Object source: shared objects file",
        "[0.300s][info][class,load] software.amazon.awssdk.services.kms.KmsClient source: file:/t/",
        "[0.301s][info][class,load] software.amazon.awssdk.core.SdkBytes source: file:/t/",
        "[0.302s][info][class,load] dev.keyfob.app.KeyfobApp$$Lambda$12/0x0000000800c0b000"
            + " source: dev.keyfob.app.KeyfobApp",
        "[0.303s][info][class,load] SdkFloor source: file:/f/",
        "[0.304s][info][gc] not a class load line"));
    assertEquals(Map.of("JDK: other", 1, "AWS SDK: KMS client", 1,
        "AWS SDK: core, auth, regions, endpoints", 1, "keyfob", 1, "the program itself", 1),
        counts);
    assertEquals("JDK: security and crypto", Libraries.of("sun.security.ec.ECOperations"));
    assertEquals("nimbus-jose-jwt", Libraries.of("com.nimbusds.jwt.SignedJWT"));
    for (String runtimeSide : List.of("dev.keyfob.local.bench.LambdaStyleInvoke",
        "dev.keyfob.local.RuntimeSerializer",
        "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
        "com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper")) {
      assertEquals(Libraries.RUNTIME, Libraries.of(runtimeSide), runtimeSide);
    }
    assertEquals("Lambda event types", Libraries.of(
        "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent"));
  }

  @Test
  void aSampleIsChargedToTheFirstCauseThatAppliesInnermostFramesFirst() {
    var clinitInSdk = List.of(new SampleCauses.Frame("java.util.HashMap", "put"),
        new SampleCauses.Frame("software.amazon.awssdk.regions.Region", "<clinit>"),
        new SampleCauses.Frame("dev.keyfob.app.KeyfobApp", "<clinit>"));
    assertEquals("static initialisers: AWS SDK: core, auth, regions, endpoints",
        SampleCauses.of(clinitInSdk));
    var jarRead = List.of(new SampleCauses.Frame("java.util.zip.Inflater", "inflate"),
        new SampleCauses.Frame("com.nimbusds.jose.crypto.ECDSASigner", "sign"));
    assertEquals("class loading in Java (loaders, jar reads, reflection)",
        SampleCauses.of(jarRead));
    var signing = List.of(new SampleCauses.Frame("sun.security.ec.ECOperations", "multiply"),
        new SampleCauses.Frame("com.nimbusds.jose.crypto.ECDSASigner", "sign"));
    assertEquals("crypto", SampleCauses.of(signing));
    var marshalling = List.of(new SampleCauses.Frame("java.lang.String", "charAt"),
        new SampleCauses.Frame("software.amazon.awssdk.protocols.json.internal.X", "m"),
        new SampleCauses.Frame("dev.keyfob.store.Writer", "write"));
    assertEquals("running AWS SDK: core, auth, regions, endpoints",
        SampleCauses.of(marshalling));
    assertEquals("running the JDK",
        SampleCauses.of(List.of(new SampleCauses.Frame("java.lang.Thread", "run"))));
  }

  @Test
  void perfCountersAreConvertedFromTicksToMillisecondsWithTheTimerFrequency() {
    Map<String, Double> f = PerfCounters.parse(List.of(
        "java.cls.loadedClasses=1500",
        "java.cls.sharedLoadedClasses=500",
        "sun.cls.classInitTime.self=40000000",
        "java.ci.totalTime=2000000",
        "sun.ci.lastMethod=\"java/lang/String coder\"",
        "sun.os.hrt.frequency=1000000000"));
    assertEquals(2000.0, f.get("classes"));
    assertEquals(40.0, f.get("sun.cls.classInitTime.self"));
    assertEquals(2.0, f.get("java.ci.totalTime"));
    assertEquals(0.0, f.get("sun.cls.classVerifyTime.self"), "a missing counter is zero");
    assertThrows(IllegalArgumentException.class,
        () -> PerfCounters.parse(List.of("java.cls.loadedClasses=1")));
  }

  @Test
  void theLargestArtifactIsFoundAmongTheTemplatesCodeUris(@TempDir Path repo) throws Exception {
    String template = String.join("\n",
        "Globals:",
        "  Function:",
        "    CodeUri: functions/target/keyfob-functions.jar",
        "Resources:",
        "  WebAuthnFunction:",
        "    Properties:",
        "      CodeUri: \"webauthn/target/keyfob-webauthn.jar\"  # its own artifact",
        "  Other:",
        "    Properties:",
        "      CodeUri: functions/target/keyfob-functions.jar");
    assertEquals(List.of("functions/target/keyfob-functions.jar",
        "webauthn/target/keyfob-webauthn.jar"), Artifacts.codeUris(template));
    Files.createDirectories(repo.resolve("functions/target"));
    Files.write(repo.resolve("functions/target/keyfob-functions.jar"), new byte[10]);
    Files.createDirectories(repo.resolve("webauthn/target"));
    Files.write(repo.resolve("webauthn/target/keyfob-webauthn.jar"), new byte[25]);
    assertEquals(new Artifacts.Largest("webauthn/target/keyfob-webauthn.jar", 25),
        Artifacts.largest(repo, template));
  }

  @Test
  void everyHttpFunctionHasACaseAndEachCaseRunsFromItsOwnFunctionsArtifact() {
    SamTemplate template = TemplateReader.read(repositoryRoot().resolve("template.yaml"));
    Set<String> measured = FunctionCases.ALL.stream().map(FunctionCase::functionId)
        .collect(Collectors.toSet());
    for (FunctionDef f : template.httpFunctions()) {
      assertTrue(measured.contains(f.logicalId()), f.logicalId() + " has no FunctionCase");
    }
    for (FunctionCase fc : FunctionCases.ALL) {
      assertTrue(template.function(fc.functionId()).isPresent(), fc.functionId());
    }
    assertEquals("functions/target/keyfob-functions.jar",
        template.function(FunctionCases.VERIFY.functionId()).orElseThrow().codeUri());
    assertEquals("webauthn/target/keyfob-webauthn.jar",
        template.function(FunctionCases.ASSERTION_VERIFY.functionId()).orElseThrow().codeUri());
    assertTrue(FunctionCases.ALL.contains(FunctionCases.ASSERTION_VERIFY));
    assertEquals(FunctionCases.ALL.size(),
        FunctionCases.ALL.stream().map(FunctionCase::key).distinct().count(), "unique keys");
  }

  @Test
  void theRuntimeSideHoldsTheInvokerAndTheRuntimesSerializerAndNothingOfAFunction() {
    assertTrue(RuntimeJar.belongs("dev/keyfob/local/bench/LambdaStyleInvoke.class"));
    assertTrue(RuntimeJar.belongs("dev/keyfob/local/RuntimeSerializer$1.class"));
    assertTrue(RuntimeJar.belongs(
        "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class"));
    assertTrue(RuntimeJar.belongs(
        "com/amazonaws/lambda/thirdparty/com/fasterxml/jackson/databind/ObjectMapper.class"));
    assertTrue(RuntimeJar.belongs(
        "META-INF/services/com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.Module"));
    for (String functionSide : List.of("dev/keyfob/functions/VerificationHandler.class",
        "dev/keyfob/local/LocalApiServer.class", "dev/keyfob/local/bench/Bench.class",
        "com/amazonaws/services/lambda/runtime/RequestHandler.class",
        "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent.class",
        "software/amazon/awssdk/core/SdkBytes.class", "dev/keyfob/testkit/MotoServer.class",
        "META-INF/services/software.amazon.awssdk.http.SdkHttpService",
        "com/amazonaws/lambda/thirdparty/")) {
      assertFalse(RuntimeJar.belongs(functionSide), functionSide);
    }
  }

  @Test
  void recordedRequestsBecomePlanEntriesInDynamoDbsOwnAttributeJson() {
    Map<String, Object> get = PlanCalls.toJson(GetItemRequest.builder().tableName("t")
        .key(Map.of("pk", AttributeValue.fromS("SIGNING_KEYS"),
            "n", AttributeValue.fromN("7"),
            "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})),
            "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true)))))
        .consistentRead(true).build());
    assertEquals("GetItem", get.get("op"));
    assertEquals(Map.of("pk", Map.of("S", "SIGNING_KEYS"), "n", Map.of("N", "7"),
        "b", Map.of("B", "AQI="), "l", Map.of("L", List.of(Map.of("BOOL", true)))),
        get.get("key"));
    Map<String, Object> decrypt = PlanCalls.toJson(DecryptRequest.builder().keyId("k")
        .ciphertextBlob(SdkBytes.fromByteArray(new byte[] {(byte) 0xff}))
        .encryptionContext(Map.of("keyfob:purpose", "totp")).build());
    assertEquals("/w==", decrypt.get("ciphertext"));
    assertEquals(Map.of("keyfob:purpose", "totp"), decrypt.get("context"));
    assertThrows(IllegalArgumentException.class,
        () -> PlanCalls.toJson(PutItemRequest.builder().tableName("t").build()));
  }

  @Test
  void optionsDefaultToTenRoundsAndRefuseTooFewOrUnknownOnes() {
    BenchOptions o = BenchOptions.parse("--repo", "/r", "--java25", "/j/java");
    assertEquals(BenchOptions.DEFAULT_RUNS, o.runs());
    assertEquals(Path.of("/j/java"), o.java25());
    assertTrue(!o.comparing());
    assertTrue(BenchOptions.parse("--compare-jar", "/tmp/a.jar").comparing());
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--runs", "2"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--warm-only"));
  }

  @Test
  void eventsCarryTheRouteTheTokenAndTheQueryAsApiGatewaySendsThem() throws Exception {
    String json = new ApiEvent("GET", "GET /v1/orgs/{orgId}/members", "/v1/orgs/acme/members",
        Map.of("orgId", "acme"), "limit=50&cursor=", "tok", null).toJson();
    var event = dev.keyfob.local.RuntimeSerializer.fromJson(json,
        com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class);
    assertEquals("GET /v1/orgs/{orgId}/members", event.getRouteKey());
    assertEquals(Map.of("limit", "50", "cursor", ""), event.getQueryStringParameters());
    assertEquals("Bearer tok", event.getHeaders().get("authorization"));
    assertEquals("acme", event.getPathParameters().get("orgId"));
  }

  /** The repository root: the parent of the {@code local} module the tests run in. */
  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.isRegularFile(dir.resolve("template.yaml")) ? dir : dir.getParent();
  }
}
