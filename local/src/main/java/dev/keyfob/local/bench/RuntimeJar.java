package dev.keyfob.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The runtime side of a cold sample, in a jar of its own: {@link LambdaStyleInvoke}, the
 * serializer the Lambda Java runtime reads events with for handlers of event objects
 * ({@code RuntimeSerializer} over {@code aws-lambda-java-serialization} and its shaded Jackson;
 * keyfob's stream handlers never load it, but an older build compared with
 * {@code --compare-jar} does), taken from {@code keyfob-local.jar}. On Lambda these classes belong to the runtime, which loads them from
 * its own jars; the function's classes come from its artifact unpacked into {@code /var/task}.
 * So a sample's classpath is this jar and then the function's own artifact, and nothing of the
 * local API, the test kit or another function's artifact is on it.
 */
final class RuntimeJar {

  /** Entry-name prefixes of the runtime side, and nothing else. */
  static final List<String> PREFIXES = List.of(
      "dev/keyfob/local/bench/LambdaStyleInvoke",
      "dev/keyfob/local/RuntimeSerializer",
      "com/amazonaws/services/lambda/runtime/serialization/",
      "com/amazonaws/lambda/thirdparty/",
      "META-INF/services/com.amazonaws.lambda.thirdparty.");

  private RuntimeJar() {}

  /** Whether a jar entry belongs to the runtime side. */
  static boolean belongs(String entryName) {
    return !entryName.endsWith("/") && PREFIXES.stream().anyMatch(entryName::startsWith);
  }

  /**
   * Writes the runtime side of {@code localJar} to {@code target}.
   *
   * @throws IllegalStateException if {@code localJar} lacks {@link LambdaStyleInvoke}
   */
  static Path write(Path localJar, Path target) {
    try (InputStream in = Files.newInputStream(localJar);
        ZipInputStream zip = new ZipInputStream(in);
        OutputStream out = Files.newOutputStream(target);
        ZipOutputStream jar = new ZipOutputStream(out)) {
      boolean invoker = false;
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (!belongs(e.getName())) {
          continue;
        }
        invoker |= e.getName().equals(
            LambdaStyleInvoke.class.getName().replace('.', '/') + ".class");
        jar.putNextEntry(new ZipEntry(e.getName()));
        zip.transferTo(jar);
        jar.closeEntry();
      }
      if (!invoker) {
        throw new IllegalStateException(localJar + " holds no LambdaStyleInvoke; rebuild it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
