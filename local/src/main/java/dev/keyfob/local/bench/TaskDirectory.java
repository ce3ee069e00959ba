package dev.keyfob.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A jar unpacked into a directory, as Lambda unpacks a .zip or .jar deployment package into
 * {@code /var/task} and puts that directory on the classpath: classes are then read from files,
 * not inflated from an archive. The bench runs cold samples from such a directory so their class
 * reading costs what it costs on Lambda.
 */
final class TaskDirectory {

  private TaskDirectory() {}

  /** Unpacks {@code jar} into a fresh {@code dir} (anything there before is removed). */
  static Path unpack(Path jar, Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(dir);
      try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          Path target = dir.resolve(e.getName()).normalize();
          if (!target.startsWith(dir)) {
            throw new IOException("entry outside the directory: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
