package dev.keyfob.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the Java threads of a cold start spend their CPU, by cause (see {@link SampleCauses}):
 * the JVM's flight recorder samples every Java thread's stack each millisecond
 * ({@code method-profiling=max}) from start to exit. It sees threads only while they run Java
 * code, so class loading done inside the JVM itself is missing here; {@link PerfCounters} has
 * it. The recorder's own threads are left out. Figures are sample counts summed over runs;
 * with 1 ms sampling a sample is roughly a millisecond of one thread's CPU.
 */
final class JfrProfile {

  private final ColdStarts cold;
  private final Path work;

  JfrProfile(ColdStarts cold, Path work) {
    this.cold = cold;
    this.work = work;
  }

  /** Samples per cause over {@code runs} recorded runs of the variant. */
  Map<String, Integer> samples(ColdVariant v, int runs) throws Exception {
    Map<String, Integer> causes = new TreeMap<>();
    for (int i = 0; i < runs; i++) {
      Path recording = work.resolve(v.key + ".jfr");
      Files.deleteIfExists(recording);
      List<String> options = new ArrayList<>(v.options);
      options.add("-XX:StartFlightRecording:filename=" + recording
          + ",settings=profile,method-profiling=max");
      // The recorder announces itself on stdout, where the response must come first.
      options.add("-Xlog:jfr+startup=off");
      cold.time(v.java, options, v.subject.prepare());
      count(recording, causes);
    }
    return causes;
  }

  private static void count(Path recording, Map<String, Integer> causes) {
    try {
      for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")
            || e.getStackTrace() == null) {
          continue;
        }
        String thread = e.getThread("sampledThread") == null ? ""
            : String.valueOf(e.getThread("sampledThread").getJavaName());
        if (thread.startsWith("JFR")) {
          continue;
        }
        List<SampleCauses.Frame> frames = new ArrayList<>();
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
          frames.add(new SampleCauses.Frame(f.getMethod().getType().getName(),
              f.getMethod().getName()));
        }
        causes.merge(SampleCauses.of(frames), 1, Integer::sum);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
