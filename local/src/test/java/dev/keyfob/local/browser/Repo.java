package dev.keyfob.local.browser;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations in the repository, wherever the tests run from (Maven runs them in local/). */
final class Repo {

  private Repo() {}

  /** The repository root: the nearest directory upwards holding template.yaml and web/. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("web"))) {
        return p;
      }
    }
    throw new IllegalStateException("no template.yaml and web/ above " + dir);
  }

  /** Where each browser test saves the screenshot of its final screen. */
  static Path screenshots() {
    return root().resolve("local/target/screenshots");
  }
}
