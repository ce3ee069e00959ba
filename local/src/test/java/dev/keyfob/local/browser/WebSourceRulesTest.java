package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the web app's source that a browser journey would only catch on the screens it
 * happens to visit: children reach the DOM only through dom.js (whose append() leaves out null
 * and undefined), the device's clock is read only in clock.js (everything else uses the API's
 * clock), and the app and its tests cite the repository's own docs/openapi.yaml, never a file
 * outside the repository.
 */
class WebSourceRulesTest {

  private static final Path WEB_JS = Repo.root().resolve("web/js");

  @Test
  void onlyDomJsAddsChildrenToThePage() {
    Pattern raw = Pattern.compile("\\.(append|prepend|replaceChildren|appendChild|insertBefore"
        + "|replaceWith|before|after|insertAdjacent(HTML|Element|Text))\\(|\\.(inner|outer)HTML\\b");
    assertEquals(List.of(), hits(files(WEB_JS, ".js"), raw, "dom.js"));
  }

  @Test
  void onlyClockJsReadsTheDevicesClock() {
    Pattern deviceClock = Pattern.compile("Date\\.now\\(|new Date\\(\\s*\\)|performance\\.now\\(");
    assertEquals(List.of(), hits(files(WEB_JS, ".js"), deviceClock, "clock.js"));
  }

  @Test
  void theWebAppAndItsTestsCiteOnlyFilesInTheRepository() {
    // Spelled in two parts so that this file does not match itself.
    Pattern outside = Pattern.compile("CONTRACT" + "\\.md|\\.\\./" + "shared");
    List<Path> files = new ArrayList<>(files(Repo.root().resolve("web"), ""));
    files.addAll(files(Repo.root().resolve("local/src/test/java/dev/keyfob/local/browser"), ".java"));
    assertEquals(List.of(), hits(files, outside, null));
  }

  private static List<Path> files(Path root, String suffix) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !p.getFileName().toString().endsWith(".png"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "file:line: text" of every line matching {@code pattern}, except in the allowed file. */
  private static List<String> hits(List<Path> files, Pattern pattern, String allowedFile) {
    List<String> out = new ArrayList<>();
    for (Path file : files) {
      if (file.getFileName().toString().equals(allowedFile)) {
        continue;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < lines.size(); i++) {
        if (pattern.matcher(lines.get(i)).find()) {
          out.add(Repo.root().relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    return out;
  }
}
