package dev.keyfob.local.bench;

import java.util.List;
import java.util.Map;

/** The tables {@code scripts/bench} prints before its JSON line. */
final class BenchTables {

  private final Report report;

  BenchTables(Report report) {
    this.report = report;
  }

  void print(Map<FunctionCase, ColdVariant[]> functions, ColdVariant hello,
      ColdVariant floorDefault, ColdVariant floorC1, List<ColdVariant> java25,
      ClassProfiles.Result above, Map<String, Object> r) {
    report.heading("Cold first request, ms (fresh JVM per sample)", "median", "min", "max",
        "C1 med", "C1 min", "C1 max");
    report.line("  (the last three columns with -XX:TieredStopAtLevel=1, Lambda's default;");
    report.line("  every sample of a route answered the status after its function)");
    functions.forEach((fc, pair) -> report.coldRow(fc.label() + " (" + fc.functionId() + ", "
        + fc.expectedStatus() + ")", pair[0].stats(), pair[1].stats()));
    report.coldRow(hello.label, hello.stats(), null);
    report.coldRow("SDK floor: a cold verify's calls, bare SDK", floorDefault.stats(),
        floorC1.stats());
    for (int i = 0; i + 1 < java25.size(); i += 2) {
      report.coldRow("JDK 25: " + java25.get(i).label, java25.get(i).stats(),
          java25.get(i + 1).stats());
    }

    report.heading("CPU time until the response, ms (median)", "defaults", "C1");
    functions.forEach((fc, pair) -> report.row(fc.label() + " (" + fc.functionId() + ")",
        pair[0].cpu().median(), pair[1].cpu().median()));
    report.row("SDK floor", floorDefault.cpu().median(), floorC1.cpu().median());
    for (int i = 0; i + 1 < java25.size(); i += 2) {
      report.row("JDK 25: " + java25.get(i).label, java25.get(i).cpu().median(),
          java25.get(i + 1).cpu().median());
    }

    report.text("samples taken again after a 503", r.get("retriedSamples"));

    report.heading("Ratios");
    report.text("cold verify / hello world (defaults)", r.get("coldToFloorRatio"));
    report.text("cold verify / SDK floor (C1; target <= 1.2)", r.get("coldToSdkFloorRatio"));
    report.text("cold verify / SDK floor (defaults)", r.get("coldToSdkFloorRatioDefault"));
    report.text("cold verify / SDK floor, CPU time (C1)", r.get("coldToSdkFloorCpuRatio"));

    report.heading("Above the SDK floor: verify vs floor, C1, median of 3", "keyfob", "floor",
        "above");
    printProfiles(above);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Integer>> samples = (Map<String, Map<String, Integer>>)
        ((Map<String, Object>) r.get("aboveSdkFloor")).get("cpuSamplesByCause");
    report.heading("Java CPU samples (1 ms) by cause, verify vs floor, C1, 3 runs",
        "keyfob", "floor", "above");
    samples.forEach((cause, p) -> report.row(cause, (double) p.get("keyfob"),
        (double) p.get("floor"), (double) (p.get("keyfob") - p.get("floor"))));

    report.heading("Warm verification, ms", "p50", "p99", "max");
    report.row("keyfob verify (in process)", (Double) r.get("warmVerifyP50Ms"),
        (Double) r.get("warmVerifyP99Ms"), (Double) r.get("warmVerifyMaxMs"));
    report.row("emulator round trips of the same calls", (Double) r.get("emulatorRoundTripsP50Ms"),
        (Double) r.get("emulatorRoundTripsP99Ms"), null);
    if (r.containsKey("java25WarmVerifyP50Ms")) {
      report.row("JDK 25: keyfob verify", (Double) r.get("java25WarmVerifyP50Ms"),
          (Double) r.get("java25WarmVerifyP99Ms"), (Double) r.get("java25WarmVerifyMaxMs"));
      report.row("JDK 25: emulator round trips", (Double) r.get("java25EmulatorRoundTripsP50Ms"),
          (Double) r.get("java25EmulatorRoundTripsP99Ms"), null);
    }
    report.row("keyfob WebAuthn assertion verify (in process)",
        (Double) r.get("warmAssertionVerifyP50Ms"), (Double) r.get("warmAssertionVerifyP99Ms"),
        (Double) r.get("warmAssertionVerifyMaxMs"));
    report.row("emulator round trips of the same calls",
        (Double) r.get("assertionEmulatorRoundTripsP50Ms"),
        (Double) r.get("assertionEmulatorRoundTripsP99Ms"), null);
    if (r.containsKey("java25WarmAssertionVerifyP50Ms")) {
      report.row("JDK 25: keyfob WebAuthn assertion verify",
          (Double) r.get("java25WarmAssertionVerifyP50Ms"),
          (Double) r.get("java25WarmAssertionVerifyP99Ms"),
          (Double) r.get("java25WarmAssertionVerifyMaxMs"));
    }
    report.text("warm p99 above emulator p99, ms", r.get("warmOverEmulatorP99Ms"));
    report.text("answered 503, verify / assertion verify", r.get("warmUnavailable") + " / "
        + r.get("warmAssertionVerifyUnavailable"));
    report.text("emulator replays out of time, verify / assertion",
        r.get("emulatorReplayTimeouts") + " / " + r.get("assertionEmulatorReplayTimeouts"));
    report.text("DynamoDB calls per verify", r.get("dynamodbCallsPerVerify"));
    report.text("KMS calls per verify", r.get("kmsCallsPerVerify"));
    report.text("KMS calls per token signature", r.get("kmsCallsPerSign"));
    report.text("DynamoDB calls per assertion verify (budget <= 2)",
        r.get("assertionVerifyDynamodbCalls"));
    report.text("KMS calls per assertion verify (budget 0)", r.get("assertionVerifyKmsCalls"));
    report.text("largest deployment artifact, bytes", r.get("artifactBytes"));
    report.text("load average after", r.get("loadAverageAfter"));
    report.line("");
  }

  void printProfiles(ClassProfiles.Result profiles) {
    profiles.counters().forEach((name, p) -> report.row(PerfCounters.SHOWN.get(name),
        p.first(), p.second(), p.difference()));
    report.line("  classes loaded, by library:");
    profiles.classesByLibrary().forEach((lib, p) -> report.row("    " + lib, p.first(),
        p.second(), p.difference()));
  }

}
