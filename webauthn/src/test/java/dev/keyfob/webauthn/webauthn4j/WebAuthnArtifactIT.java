package dev.keyfob.webauthn.webauthn4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testkit.TestIdentityProvider;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the WebAuthn function's deployment artifact, {@code keyfob-webauthn.jar}: within the
 * 15 MB budget, carrying the handlers, this module's checks and their service file (and
 * Jackson's, merged), no test or emulator code. With only the jar: the shared library's port
 * finds the checks and they verify a registration and an assertion; and a handler built from
 * the environment in a fresh JVM serves a request, although the jar leaves out zxing, joda-time
 * and the Lambda event classes (the handlers read and write the event JSON themselves).
 */
class WebAuthnArtifactIT {

  private static final long MAX_BYTES = 15_000_000L;
  /** The WebAuthn function's handler, served from this artifact alone. */
  private static final String SMOKE_HANDLER = "dev.keyfob.functions.WebAuthnHandler";
  /** Nothing listens on port 9 (discard): AWS stays out of reach. */
  private static final String UNREACHABLE = "http://127.0.0.1:9";
  private static final String SERVICE_FILE =
      "META-INF/services/dev.keyfob.webauthn.WebAuthnCeremonyFactory";

  private static Path artifact() {
    String configured = System.getProperty("keyfob.webauthn.artifact");
    Path jar = configured != null ? Path.of(configured) : Path.of("target/keyfob-webauthn.jar");
    assertTrue(Files.isRegularFile(jar), "build the artifact first: " + jar);
    return jar;
  }

  @Test
  void artifactIsWithinTheSizeBudget() throws IOException {
    long size = Files.size(artifact());
    System.out.println("[keyfob] WebAuthn deployment artifact: " + size + " bytes");
    assertTrue(size <= MAX_BYTES, "artifact is " + size + " bytes, the budget " + MAX_BYTES);
  }

  @Test
  void artifactCarriesTheHandlersTheChecksAndTheirServiceFile() throws IOException {
    try (JarFile jar = new JarFile(artifact().toFile())) {
      for (String name : List.of("dev/keyfob/functions/ApiGatewayHandler.class",
          "dev/keyfob/webauthn/WebAuthnCeremony.class",
          "dev/keyfob/webauthn/webauthn4j/Webauthn4jCeremony.class",
          "dev/keyfob/webauthn/webauthn4j/Webauthn4jCeremonyFactory.class",
          "com/webauthn4j/WebAuthnRegistrationManager.class")) {
        assertNotNull(jar.getEntry(name), name);
      }
      assertEquals(List.of(Webauthn4jCeremonyFactory.class.getName()),
          serviceLines(jar, SERVICE_FILE));
      assertEquals(List.of(), jar.stream().map(ZipEntry::getName)
          .filter(n -> n.startsWith("com/amazonaws/services/lambda/runtime/events/")
              || n.startsWith("com/amazonaws/services/lambda/runtime/serialization/"))
          .toList(), "no Lambda event classes or runtime serializer");
    }
  }

  @Test
  void jacksonServiceFilesOfDatabindAndCborAreMergedNotOverwritten() throws IOException {
    try (JarFile jar = new JarFile(artifact().toFile())) {
      assertEquals(List.of("tools.jackson.databind.json.JsonMapper",
          "tools.jackson.dataformat.cbor.CBORMapper"),
          sorted(serviceLines(jar, "META-INF/services/tools.jackson.databind.ObjectMapper")));
      assertEquals(List.of("tools.jackson.core.json.JsonFactory",
          "tools.jackson.dataformat.cbor.CBORFactory"),
          sorted(serviceLines(jar, "META-INF/services/tools.jackson.core.TokenStreamFactory")));
    }
  }

  @Test
  void artifactCarriesNoTestOrEmulatorCode() throws IOException {
    try (JarFile jar = new JarFile(artifact().toFile())) {
      List<String> offending = jar.stream().map(ZipEntry::getName)
          .filter(name -> name.startsWith("dev/keyfob/emulator/")
              || name.startsWith("dev/keyfob/testing/")
              || name.startsWith("dev/keyfob/testkit/")
              || name.startsWith("org/junit/")
              || name.startsWith("software/amazon/awssdk/http/apache")
              || name.startsWith("software/amazon/awssdk/http/nio/netty")
              || name.startsWith("dev/keyfob/") && (name.endsWith("Test.class")
                  || name.endsWith("IT.class") || name.contains("Test$")))
          .toList();
      assertEquals(List.of(), offending);
    }
  }

  @Test
  void checksFoundThroughThePortVerifyARegistrationAndAnAssertionFromTheJarAlone()
      throws Exception {
    byte[] user = Fixtures.random(32);
    byte[] registrationChallenge = Fixtures.challenge();
    byte[] assertionChallenge = Fixtures.challenge();
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    Object registration = key.makeCredential(registrationChallenge, Fixtures.RP_ID,
        Fixtures.ORIGIN).userHandle(user).build().asMap();
    Object assertion =
        key.getAssertion(assertionChallenge, Fixtures.RP_ID, Fixtures.ORIGIN).build().asMap();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {artifact().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> settingsType = type(loader, "dev.keyfob.webauthn.WebAuthnSettings");
      Object settings = settingsType.getConstructor(List.class, String.class, String.class)
          .newInstance(List.of(Fixtures.ORIGIN), Fixtures.RP_ID, "keyfob");
      Class<?> factoryType = type(loader, "dev.keyfob.webauthn.WebAuthnCeremonyFactory");
      Iterator<?> factories = ServiceLoader.load(factoryType, loader).iterator();
      assertTrue(factories.hasNext(), "the port finds a factory in the jar");
      Object factory = factories.next();
      assertEquals(loader, factory.getClass().getClassLoader());
      Object ceremony = factoryType.getMethod("create", settingsType).invoke(factory, settings);
      Class<?> ceremonyType = type(loader, "dev.keyfob.webauthn.WebAuthnCeremony");

      Object created = ceremonyType.getMethod("verifyRegistration", byte[].class, Object.class)
          .invoke(ceremony, registrationChallenge, registration);
      Object stored = type(loader, "dev.keyfob.webauthn.StoredCredential")
          .getConstructor(byte[].class, byte[].class, long.class, boolean.class)
          .newInstance(call(created, "credentialId"), call(created, "publicKeyCose"),
              call(created, "signCount"), call(created, "backupEligible"));
      Method verifyAssertion = ceremonyType.getMethod("verifyAssertion", byte[].class,
          Object.class, byte[].class, java.util.Collection.class);
      Object outcome = verifyAssertion.invoke(ceremony, assertionChallenge, assertion, user,
          List.of(stored));

      assertEquals(1L, call(outcome, "signCount"));
    }
  }

  @Test
  void aHandlerBuiltFromTheEnvironmentServesARequestFromTheJarAlone(@TempDir Path dir)
      throws Exception {
    // Only this class beside the jar: the test classpath would hide what the jar lacks.
    String probe = ArtifactSmoke.class.getName().replace('.', '/') + ".class";
    Path probeFile = dir.resolve("probe").resolve(probe);
    Files.createDirectories(probeFile.getParent());
    try (InputStream in = ArtifactSmoke.class.getResourceAsStream("/" + probe)) {
      Files.copy(in, probeFile);
    }
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", artifact() + File.pathSeparator + dir.resolve("probe"),
        ArtifactSmoke.class.getName(), SMOKE_HANDLER,
        "POST /v1/me/two-factor/webauthn/assertions/verify",
        "{\"assertionId\": \"a\", \"credential\": {\"id\": \"AAAA\", \"type\":"
            + " \"public-key\", \"response\": {}}}")
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    Process process;
    try (TestIdentityProvider idp = TestIdentityProvider.start(Clock.systemUTC())) {
      pb.environment().keySet().removeIf(k -> k.startsWith("KEYFOB_") || k.startsWith("AWS_"));
      pb.environment().putAll(Map.ofEntries(
          Map.entry(ArtifactSmoke.TOKEN_VARIABLE, idp.token("smoke-user", "smoke-org").sign()),
          Map.entry("KEYFOB_TABLE_NAME", "keyfob-smoke"),
          Map.entry("KEYFOB_KMS_KEY_ID", "alias/keyfob-smoke"),
          Map.entry("KEYFOB_IDP_ISSUER", TestIdentityProvider.ISSUER),
          Map.entry("KEYFOB_IDP_AUDIENCE", TestIdentityProvider.AUDIENCE),
          Map.entry("KEYFOB_IDP_JWKS_URL", idp.jwksUrl().toString()),
          Map.entry("KEYFOB_ISSUER", "https://keyfob.example.com"),
          Map.entry("KEYFOB_MFA_AUDIENCE", "keyfob-smoke-app"),
          Map.entry("KEYFOB_WEBAUTHN_ORIGINS", "https://app.example.com"),
          Map.entry("KEYFOB_WEBAUTHN_RP_ID", "app.example.com"),
          Map.entry("AWS_REGION", "us-east-1"),
          Map.entry("AWS_ENDPOINT_URL", UNREACHABLE),
          Map.entry("AWS_ACCESS_KEY_ID", "smoke"),
          Map.entry("AWS_SECRET_ACCESS_KEY", "smoke")));
      process = pb.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the handler did not answer within 120 s");
      }
    }
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    assertEquals(0, process.exitValue(), stderr);
    // 503: the token verified against the identity provider's keys, then the user's item could
    // not be read, as DynamoDB is out of reach. So the request went through the JWT stack, the
    // service, the store and the SDK's request signing and HTTP client.
    assertEquals(List.of(ArtifactSmoke.STATUS_PREFIX + "503"), stdout.lines()
        .filter(line -> line.startsWith(ArtifactSmoke.STATUS_PREFIX)).toList(),
        "stdout: " + stdout + "\nstderr: " + stderr);
  }

  private static Class<?> type(ClassLoader loader, String name) throws ClassNotFoundException {
    Class<?> type = Class.forName(name, false, loader);
    assertEquals(loader, type.getClassLoader(), name + " comes from the jar");
    return type;
  }

  private static Object call(Object target, String accessor) throws Exception {
    return target.getClass().getMethod(accessor).invoke(target);
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static List<String> serviceLines(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertNotNull(entry, name);
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    }
  }
}
