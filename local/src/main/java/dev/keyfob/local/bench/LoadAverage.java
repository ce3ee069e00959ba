package dev.keyfob.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1, 5 and 15 minute load averages, as the figures' context. */
final class LoadAverage {

  private LoadAverage() {}

  /** "1.20 0.90 0.70", or "unknown" where {@code /proc/loadavg} does not exist. */
  static String now() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
