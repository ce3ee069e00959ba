package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/ops-check} end to end, so that {@code scripts/test} keeps the runbooks of
 * {@code docs/operations.md} true: it runs every runbook step that needs no AWS account against a
 * local stack and checks what the page says happens. Here it runs the local API from this JVM's
 * classpath ({@code KEYFOB_LOCAL_CLASSPATH}), so nothing is built during {@code mvn verify}.
 * About half a minute; tagged slow so that {@code -DexcludedGroups=slow} can leave it out of a
 * quick local run ({@code mvn verify} runs it).
 */
@Tag("slow")
class OpsCheckTest {

  private static final Path REPOSITORY =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  /** Steps the page marks to run that an older AWS CLI v2 (Debian 12's 2.9) cannot run. */
  private static final Set<String> NEED_A_LATER_CLI =
      Set.of("kms-rotate-on-demand", "pitr-deletion-protection");

  private static final Pattern MARKER =
      Pattern.compile("^\\s*<!-- ops-check: (run|skip) ([a-z0-9.-]+)(?:: (.*?))? -->\\s*$");
  private static final Pattern LINE = Pattern.compile("^(ran|skipped): ([a-z0-9.-]+) — (.+)$");

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void everyRunbookStepRunsAgainstTheLocalStackAsThePageSays(@TempDir Path dir)
      throws Exception {
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    ProcessBuilder pb = new ProcessBuilder(REPOSITORY.resolve("scripts/ops-check").toString())
        .directory(dir.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    pb.environment().put("KEYFOB_LOCAL_CLASSPATH", Fixtures.classpath());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("JAVA_OPTS", Fixtures.childJvmOptionsLine());
    Process process = pb.start();
    process.getOutputStream().close();
    if (!process.waitFor(9, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      throw new AssertionError("scripts/ops-check did not finish in 9 minutes:\n" + read(stderr));
    }
    String out = read(stdout);
    String err = read(stderr);
    assertEquals(0, process.exitValue(), "scripts/ops-check failed:\n" + out + err);

    Map<String, String[]> steps = stepsOf(out);
    Map<String, String[]> page = stepsOfThePage();
    assertEquals(List.copyOf(page.keySet()), List.copyOf(steps.keySet()),
        "one line per step of docs/operations.md, in its order:\n" + out);
    page.forEach((step, marker) -> {
      String[] line = steps.get(step);
      if (marker[0].equals("skip")) {
        assertEquals("skipped", line[0], step);
        assertEquals(marker[1], line[1], step + ": the page's reason");
      } else if (NEED_A_LATER_CLI.contains(step) && line[0].equals("skipped")) {
        assertTrue(line[1].matches("aws-cli/2\\.\\S+ has no .*"), step + ": " + line[1]);
      } else {
        assertEquals("ran", line[0], step + " must run: " + line[1]);
      }
    });
    assertFalse((out + err).contains("eyJ"), "no token in the output of scripts/ops-check");
  }

  /** step → {ran|skipped, what it says}, from the lines of ops-check; each must parse. */
  private static Map<String, String[]> stepsOf(String out) {
    Map<String, String[]> steps = new LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), "not a step line: " + line);
      assertTrue(steps.put(m.group(2), new String[] {m.group(1), m.group(3)}) == null,
          "a second line for " + m.group(2));
    }
    return steps;
  }

  /** step → {run|skip, reason}, from the markers of docs/operations.md, in its order. */
  private static Map<String, String[]> stepsOfThePage() throws IOException {
    Map<String, String[]> steps = new LinkedHashMap<>();
    for (String line : Files.readAllLines(REPOSITORY.resolve("docs/operations.md"))) {
      Matcher m = MARKER.matcher(line);
      if (m.matches()) {
        steps.put(m.group(2), new String[] {m.group(1), m.group(3)});
      }
    }
    assertTrue(steps.size() > 20, "the page's steps were found: " + steps.keySet());
    return steps;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
