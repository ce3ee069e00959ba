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
import java.util.function.Consumer;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Launches fresh JVMs and times each from launch until the first line of its stdout, which must
 * contain what the {@link ChildProgram} expects (a response JSON with the right status). Also
 * compiles the small programs the bench writes itself (the hello world, the SDK floor).
 *
 * <p>Children get only the environment given here (plus {@code PATH} and {@code HOME}), so
 * nothing from the shell, such as an AWS profile, changes what they do. Their stderr is appended
 * to {@code children.log} in the work directory.
 */
final class ColdStarts {

  private final Path workDir;
  private final Map<String, String> env;

  ColdStarts(Path workDir, Map<String, String> env) {
    this.workDir = workDir;
    this.env = Map.copyOf(env);
  }

  /** One sample: wall time from launch to the first line, and CPU time until then. */
  record Sample(double wallMs, double cpuMs) {}

  /**
   * Milliseconds from launch until the expected first line; for a program that can hold, also
   * the CPU time its threads used by then (user and system, as the OS counts it, in clock
   * ticks), which a loaded machine disturbs far less than the wall time.
   */
  Sample time(Path java, List<String> jvmOptions, ChildProgram program) {
    if (!program.holds()) {
      return new Sample(run(java, jvmOptions, program, null), Double.NaN);
    }
    double[] cpu = {Double.NaN};
    double wall = run(java, jvmOptions, program.holding(), child -> cpu[0] = child.info()
        .totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN));
    return new Sample(wall, cpu[0]);
  }

  /**
   * Runs a child until its first line, then hands its process to {@code inspect} before letting
   * it exit (the child must wait for stdin to close, as {@code --hold} makes it).
   */
  void runHeld(Path java, List<String> jvmOptions, ChildProgram program,
      Consumer<ProcessHandle> inspect) {
    run(java, jvmOptions, program, inspect);
  }

  private double run(Path java, List<String> jvmOptions, ChildProgram program,
      Consumer<ProcessHandle> inspect) {
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", program.classpath(), program.mainClass()));
    command.addAll(program.args());
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(
        ProcessBuilder.Redirect.appendTo(workDir.resolve("children.log").toFile()));
    pb.environment().keySet().retainAll(List.of("PATH", "HOME"));
    pb.environment().putAll(env);
    long start = System.nanoTime();
    try {
      Process p = pb.start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String seen = out.readLine();
        long elapsed = System.nanoTime() - start;
        if (seen == null || !seen.contains(program.expect())) {
          p.destroyForcibly();
          String message = program.mainClass() + " " + program.args() + " did not answer "
              + program.expect() + " but " + statusOf(seen) + " (see "
              + workDir.resolve("children.log") + ")";
          throw statusOf(seen).equals("\"statusCode\":503") ? new Unavailable(message)
              : new IllegalStateException(message);
        }
        if (inspect != null) {
          inspect.accept(p.toHandle());
        }
        p.getOutputStream().close();
        out.transferTo(Writer.nullWriter());
        // Long enough for a training run to write its archive at exit.
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
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

  /** Writes {@code source} as {@code className.java} in its own directory and compiles it. */
  Path compile(String className, String source, String classpath) {
    try {
      Path dir = Files.createDirectories(workDir.resolve(className.toLowerCase()));
      Path file = dir.resolve(className + ".java");
      Files.writeString(file, source);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      List<String> args = new ArrayList<>(List.of("--release", "17", "-d", dir.toString()));
      if (!classpath.isEmpty()) {
        args.addAll(List.of("-cp", classpath));
      }
      args.add(file.toString());
      if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
        throw new IllegalStateException("could not compile " + file);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A child that answered 503: the emulator was slower than keyfob's time limits for AWS calls,
   * which a loaded machine causes; the sample may be taken again on fresh state.
   */
  static final class Unavailable extends IllegalStateException {
    Unavailable(String message) {
      super(message);
    }
  }

  /** The status of a response line; never the line itself, which may carry a token. */
  static String statusOf(String line) {
    if (line == null) {
      return "nothing";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"statusCode\":\\d+")
        .matcher(line);
    return m.find() ? m.group() : "a line without a status";
  }
}
