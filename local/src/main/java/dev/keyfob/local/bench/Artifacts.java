package dev.keyfob.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment artifacts {@code template.yaml} names in its {@code CodeUri} entries. */
final class Artifacts {

  private static final Pattern CODE_URI =
      Pattern.compile("(?m)^\\s*CodeUri:\\s*[\"']?([^\"'#\\s]+)");

  /** The largest artifact: its path relative to the repository, and its size. */
  record Largest(String path, long bytes) {}

  private Artifacts() {}

  /** Every distinct {@code CodeUri} value, in the order they appear. */
  static List<String> codeUris(String template) {
    List<String> uris = new ArrayList<>();
    Matcher m = CODE_URI.matcher(template);
    while (m.find()) {
      if (!uris.contains(m.group(1))) {
        uris.add(m.group(1));
      }
    }
    return uris;
  }

  /** @throws IllegalStateException if the template names no artifact that exists */
  static Largest largest(Path repo, String template) {
    Largest largest = null;
    for (String uri : codeUris(template)) {
      Path file = repo.resolve(uri);
      if (Files.isRegularFile(file)) {
        try {
          long size = Files.size(file);
          if (largest == null || size > largest.bytes()) {
            largest = new Largest(uri, size);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    if (largest == null) {
      throw new IllegalStateException("template.yaml names no built artifact; build first");
    }
    return largest;
  }
}
