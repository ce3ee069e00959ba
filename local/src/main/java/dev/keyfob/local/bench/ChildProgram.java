package dev.keyfob.local.bench;

import java.util.List;

/**
 * What one timed JVM runs: classpath, main class and arguments, and what the first line of its
 * stdout must contain for the sample to count.
 */
record ChildProgram(String classpath, String mainClass, List<String> args, String expect) {

  ChildProgram {
    args = List.copyOf(args);
  }
}
