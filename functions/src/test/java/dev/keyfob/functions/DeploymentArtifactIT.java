package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged artifact that {@code template.yaml}'s {@code CodeUri} names: every
 * function's {@code Handler} is a class in it with a {@code handleRequest} method, and it stays
 * within the size budget. Runs after {@code package}, in a class loader that sees only the jar.
 */
class DeploymentArtifactIT {

  private static final long MAX_BYTES = 15_000_000L;

  @Test
  void everyHandlerInTheTemplateIsInTheArtifactWithHandleRequest() throws Exception {
    Path jar = SamTemplate.repoRoot().resolve("functions/target/keyfob-functions.jar");
    assertTrue(Files.exists(jar), "build the artifact first: " + jar);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (SamTemplate.Function f : SamTemplate.load().functions()) {
        if (!"functions/target/keyfob-functions.jar".equals(f.codeUri())) {
          continue; // another artifact's function (WebAuthnArtifactIT checks the WebAuthn one)
        }
        Class<?> type = Class.forName(f.handlerClass(), false, loader);
        assertEquals(loader, type.getClassLoader(), f.handlerClass() + " comes from the jar");
        boolean found = false;
        for (Method m : type.getMethods()) {
          found |= m.getName().equals("handleRequest") && m.getParameterCount() == 2;
        }
        assertTrue(found, f.handlerClass() + " has handleRequest(input, context)");
        type.getConstructor();
      }
    }
  }

  @Test
  void artifactIsWithinTheSizeBudgetAndCarriesNoTestOrEmulatorCode() throws Exception {
    Path jar = SamTemplate.repoRoot().resolve("functions/target/keyfob-functions.jar");
    long size = Files.size(jar);
    System.out.println("[keyfob] deployment artifact: " + size + " bytes");
    assertTrue(size <= MAX_BYTES, "artifact is " + size + " bytes");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertFalse(file.stream().anyMatch(e -> e.getName().startsWith("dev/keyfob/emulator/")));
      assertFalse(file.stream().anyMatch(e -> e.getName().startsWith("dev/keyfob/testing/")));
      assertFalse(file.stream().anyMatch(e -> e.getName().startsWith("org/junit/")));
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
}
