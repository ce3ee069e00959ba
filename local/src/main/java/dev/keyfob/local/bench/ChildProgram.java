package dev.keyfob.local.bench;

import java.util.List;

/**
 * What one timed JVM runs: classpath, main class and arguments, what the first line of its
 * stdout must contain for the sample to count, and whether it accepts {@code --hold} (stay
 * alive after that line until stdin closes, so its CPU time and counters can be read).
 */
record ChildProgram(String classpath, String mainClass, List<String> args, String expect,
    boolean holds) {

  ChildProgram {
    args = List.copyOf(args);
  }

  /** The same program told to hold after its first line. */
  ChildProgram holding() {
    if (!holds) {
      throw new IllegalStateException(mainClass + " cannot hold");
    }
    List<String> held = new java.util.ArrayList<>(args);
    held.add("--hold");
    return new ChildProgram(classpath, mainClass, held, expect, false);
  }
}
