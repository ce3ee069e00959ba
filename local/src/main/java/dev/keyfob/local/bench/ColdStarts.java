package dev.keyfob.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Launches fresh JVMs and times them: a hello-world class (the JVM floor) and
 * {@code local invoke} of one function on one event (JVM launch to the response on stdout).
 */
final class ColdStarts {

  private final Path java;
  private final Path workDir;

  ColdStarts(Path workDir) {
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    this.workDir = workDir;
  }

  /** Milliseconds from launch to exit of a class that prints one line, {@code runs} times. */
  List<Double> floor(int runs, List<String> jvmOptions) {
    Path classes = compileHello();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      List<String> command = new ArrayList<>(List.of(java.toString()));
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", classes.toString(), "Hello"));
      times.add(timeUntilLine(command, Map.of(), "hello"));
    }
    return times;
  }

  /**
   * Milliseconds from launch until the response JSON appears on stdout; the response must
   * carry {@code expectedStatus}.
   */
  double invoke(Path jar, List<String> jvmOptions, Path template, String functionId,
      Path event, Map<String, String> env, int expectedStatus) {
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", jar.toString(), "dev.keyfob.local.Main", "invoke",
        "--template", template.toString(), functionId, event.toString()));
    return timeUntilLine(command, env, "\"statusCode\":" + expectedStatus);
  }

  private double timeUntilLine(List<String> command, Map<String, String> env, String expect) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(
        ProcessBuilder.Redirect.appendTo(workDir.resolve("children.log").toFile()));
    pb.environment().putAll(env);
    long start = System.nanoTime();
    try {
      Process p = pb.start();
      String seen;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        seen = out.readLine();
        long elapsed = System.nanoTime() - start;
        if (seen == null || !seen.contains(expect)) {
          throw new IllegalStateException("unexpected output from " + command.get(command.size()
              - 1) + ": " + seen + " (see " + workDir.resolve("children.log") + ")");
        }
        out.transferTo(Writer.nullWriter());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        return elapsed / 1e6;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Path compileHello() {
    try {
      Path dir = Files.createDirectories(workDir.resolve("hello"));
      Path source = dir.resolve("Hello.java");
      Files.writeString(source,
          "public class Hello { public static void main(String[] a) {"
              + " System.out.println(\"hello\"); } }");
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac.run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
        throw new IllegalStateException("could not compile the hello-world class");
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
