package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code scripts/ops-check} reads {@code docs/operations.md}
 * ({@code scripts/lib/ops-check/runbook.sh}): every code block of the page has a marker, and a
 * block without one, or a skip without a reason, is refused naming its line, so the page cannot
 * gain a command that ops-check silently leaves out.
 */
class RunbookMarkersTest {

  private static final Path REPOSITORY =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  @Test
  void everyCodeBlockOfTheOperationsPageHasAMarker(@TempDir Path dir) throws Exception {
    Result r = read(REPOSITORY.resolve("docs/operations.md"), dir);
    assertEquals(0, r.status, r.stderr);
    long fences = Files.readAllLines(REPOSITORY.resolve("docs/operations.md")).stream()
        .filter(line -> line.strip().startsWith("```")).count();
    List<String> index = Files.readAllLines(dir.resolve("index"));
    assertEquals(fences / 2, index.size(), "one index line per code block");
    String massReset = index.stream().filter(l -> l.contains("\tfile\tmass-reset.sh\t"))
        .findFirst().orElseThrow(() -> new AssertionError("mass-reset.sh is saved as a file"));
    String saved = Files.readString(dir.resolve(massReset.split("\t")[0]));
    assertTrue(saved.startsWith("#!/usr/bin/env bash\n"), "the block's text, unindented");
  }

  @Test
  void aCodeBlockWithoutAMarkerIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
    Path page = Files.writeString(dir.resolve("page.md"), String.join("\n",
        "# Runbook", "", "<!-- ops-check: run first -->", "```bash", "echo one", "```", "",
        "Then:", "", "```bash", "echo two", "```", ""));
    Result r = read(page, dir.resolve("out"));
    assertNotEquals(0, r.status);
    assertTrue(r.stderr.contains("page.md:10: code block without an ops-check marker"),
        r.stderr);
  }

  @Test
  void aSkipWithoutAReasonIsRefused(@TempDir Path dir) throws Exception {
    Path page = Files.writeString(dir.resolve("page.md"), String.join("\n",
        "  <!-- ops-check: skip deploy -->", "  ```bash", "  sam deploy", "  ```", ""));
    Result r = read(page, dir.resolve("out"));
    assertNotEquals(0, r.status);
    assertTrue(r.stderr.contains("page.md:2: skip marker without a reason"), r.stderr);
  }

  private record Result(int status, String stderr) {}

  /** Runs oc_read_runbooks of runbook.sh over a page, into dir. */
  private static Result read(Path page, Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c",
        ". \"$1\"; oc_read_runbooks \"$2\" \"$3\"", "test",
        REPOSITORY.resolve("scripts/lib/ops-check/runbook.sh").toString(), page.toString(),
        dir.toString())
        .redirectErrorStream(false)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "oc_read_runbooks finishes");
    return new Result(p.exitValue(),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
