package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged artifact that {@code template.yaml}'s {@code CodeUri} names: every
 * function's {@code Handler} is a class in it with a {@code handleRequest} method (of a
 * {@code RequestStreamHandler} for the API's functions), it stays within the size budget,
 * carries no test code, no Lambda event classes or runtime serializer, and binds SLF4J. Runs after {@code package}, in a
 * class loader that sees only the jar.
 */
class DeploymentArtifactIT {

  private static final long MAX_BYTES = 15_000_000L;

  private static Path artifact() {
    Path jar = SamTemplate.repoRoot().resolve("functions/target/keyfob-functions.jar");
    assertTrue(Files.exists(jar), "build the artifact first: " + jar);
    return jar;
  }

  /** A class loader that sees the artifact and the JDK, nothing of this build. */
  private static URLClassLoader artifactLoader() throws IOException {
    return new URLClassLoader(new URL[] {artifact().toUri().toURL()},
        ClassLoader.getPlatformClassLoader());
  }

  @Test
  void everyHandlerInTheTemplateIsInTheArtifactWithHandleRequest() throws Exception {
    try (URLClassLoader loader = artifactLoader()) {
      for (SamTemplate.Function f : SamTemplate.load().functions()) {
        if (!"functions/target/keyfob-functions.jar".equals(f.codeUri())) {
          continue; // another artifact's function (WebAuthnArtifactIT checks the WebAuthn one)
        }
        Class<?> type = Class.forName(f.handlerClass(), false, loader);
        assertEquals(loader, type.getClassLoader(), f.handlerClass() + " comes from the jar");
        boolean found = false;
        for (Method m : type.getMethods()) {
          found |= m.getName().equals("handleRequest") && (f.routeKeys().isEmpty()
              ? m.getParameterCount() == 2
              : List.of(m.getParameterTypes()).stream().map(Class::getName).toList().equals(
                  List.of("java.io.InputStream", "java.io.OutputStream",
                      "com.amazonaws.services.lambda.runtime.Context")));
        }
        assertTrue(found, f.handlerClass() + (f.routeKeys().isEmpty()
            ? " has handleRequest(input, context)"
            : " has handleRequest(InputStream, OutputStream, Context)"));
        if (!f.routeKeys().isEmpty()) {
          // The runtime then hands over the event's bytes and loads none of its serializer.
          assertTrue(Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler",
              false, loader).isAssignableFrom(type), f.handlerClass() + " is a stream handler");
        }
        type.getConstructor();
      }
    }
  }

  @Test
  void artifactIsWithinTheSizeBudgetAndCarriesNoTestOrEmulatorCode() throws Exception {
    Path jar = artifact();
    long size = Files.size(jar);
    System.out.println("[keyfob] deployment artifact: " + size + " bytes");
    assertTrue(size <= MAX_BYTES, "artifact is " + size + " bytes");
    try (JarFile file = new JarFile(jar.toFile())) {
      for (String testOnly : List.of("dev/keyfob/testkit/", "dev/keyfob/testing/",
          "dev/keyfob/emulator/", "org/junit/", "org/testcontainers/")) {
        assertFalse(file.stream().anyMatch(e -> e.getName().startsWith(testOnly)),
            "nothing under " + testOnly);
      }
      assertFalse(file.stream().anyMatch(e -> e.getName().endsWith(".py")),
          "no moto launcher script");
      assertFalse(file.stream().anyMatch(
          e -> e.getName().startsWith("com/amazonaws/services/lambda/runtime/events/")
              || e.getName().startsWith("com/amazonaws/services/lambda/runtime/serialization/")),
          "no Lambda event classes or runtime serializer: the handlers read the JSON themselves");
      assertFalse(file.stream().anyMatch(
          e -> e.getName().startsWith("software/amazon/awssdk/http/apache")),
          "no Apache HTTP client");
      assertFalse(file.stream().anyMatch(
          e -> e.getName().startsWith("software/amazon/awssdk/http/nio/netty")),
          "no Netty HTTP client");
    }
  }

  @Test
  void totpArtifactCarriesNoWebAuthnLibrary() throws Exception {
    // The WebAuthn checks and their library (webauthn4j, Jackson 3) ship only in the WebAuthn
    // function's own artifact (webauthn/target/keyfob-webauthn.jar).
    Path jar = SamTemplate.repoRoot().resolve("functions/target/keyfob-functions.jar");
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> offending = file.stream().map(JarEntry::getName)
          .filter(name -> name.startsWith("com/webauthn4j/")
              || name.startsWith("tools/jackson/")
              || name.startsWith("dev/keyfob/webauthn/webauthn4j/")
              || name.equals("META-INF/services/dev.keyfob.webauthn.WebAuthnCeremonyFactory"))
          .toList();
      assertEquals(List.of(), offending);
    }
  }

  @Test
  void slf4jIsBoundSoTheSdkPrintsNoWarningAtTheFirstClient() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader = artifactLoader()) {
      Class.forName("org.slf4j.impl.StaticLoggerBinder", false, loader);
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      Class.forName("org.slf4j.LoggerFactory", true, loader).getMethod("getLogger", String.class)
          .invoke(null, "software.amazon.awssdk.request");
    } finally {
      System.setErr(err);
    }
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }
}
