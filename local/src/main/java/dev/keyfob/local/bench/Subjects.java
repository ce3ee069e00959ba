package dev.keyfob.local.bench;

import dev.keyfob.local.FunctionDef;
import dev.keyfob.local.LocalApiServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The things a cold sample can run, each preparing its own state first. A function runs from
 * its own deployment artifact, the one its {@code CodeUri} in {@code template.yaml} names
 * (falling back to {@code Globals.Function}), unpacked as Lambda unpacks it into
 * {@code /var/task}, behind the runtime side in {@link RuntimeJar}. Not thread-safe.
 */
final class Subjects {

  private final LocalApiServer api;
  private final Preparation prep;
  private final Path work;
  private final ColdStarts cold;
  private final Path repo;
  private final Path localJar;
  private final Path runtimeJar;
  private final Map<Path, Path> unpacked = new HashMap<>();
  private FloorPlans plans;
  private Path floorClasses;

  /**
   * @param repo the repository root, against which {@code CodeUri} values resolve
   * @param localJar keyfob-local.jar, which the floor is compiled against
   * @param runtimeJar the runtime side of every function sample (see {@link RuntimeJar})
   */
  Subjects(LocalApiServer api, Preparation prep, Path work, ColdStarts cold, Path repo,
      Path localJar, Path runtimeJar) {
    this.api = api;
    this.prep = prep;
    this.work = work;
    this.cold = cold;
    this.repo = repo;
    this.localJar = localJar;
    this.runtimeJar = runtimeJar;
  }

  /** A class that prints one line: the JVM's own floor. */
  ColdVariant.Subject hello(String source) {
    Path classes = cold.compile("Hello", source, "");
    ChildProgram program = new ChildProgram(classes.toString(), "Hello", List.of(), "hello",
        false);
    return () -> program;
  }

  /** The deployment artifact of the case's function, as its {@code CodeUri} names it. */
  Path artifact(FunctionCase fc) {
    String codeUri = definition(fc).codeUri();
    if (codeUri == null) {
      throw new IllegalStateException("template.yaml gives " + fc.functionId()
          + " no plain CodeUri");
    }
    Path jar = repo.resolve(codeUri).normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(fc.functionId() + "'s artifact " + codeUri
          + " is not built; run mvn -B -q -DskipTests package");
    }
    return jar;
  }

  /** The case's artifact unpacked as Lambda's {@code /var/task}; once per artifact. */
  Path task(FunctionCase fc) {
    return unpacked.computeIfAbsent(artifact(fc), jar -> TaskDirectory.unpack(jar,
        work.resolve("tasks").resolve(jar.getFileName().toString().replaceFirst("\\.jar$", ""))));
  }

  /** The first request of the case's function, from its own unpacked artifact. */
  ColdVariant.Subject function(FunctionCase fc) {
    return function(fc, task(fc));
  }

  /**
   * The first request of a function, run as Lambda runs it (see {@link LambdaStyleInvoke}),
   * with {@code code} (an unpacked directory or a jar) as the function's code.
   */
  ColdVariant.Subject function(FunctionCase fc, Path code) {
    FunctionDef function = definition(fc);
    String classpath = runtimeJar + File.pathSeparator + code;
    return () -> {
      ApiEvent event = fc.preparer().prepare(prep);
      Path file = Files.writeString(work.resolve("event-" + fc.key() + ".json"), event.toJson());
      return new ChildProgram(classpath, LambdaStyleInvoke.class.getName(),
          List.of(function.handlerClass(), file.toString()),
          "\"statusCode\":" + fc.expectedStatus(), true);
    };
  }

  /**
   * The bare-SDK floor on a freshly enrolled user (see {@link SdkFloorSource}), from the
   * verification function's unpacked artifact.
   */
  ColdVariant.Subject sdkFloor() {
    if (plans == null) {
      plans = new FloorPlans(api.settings(), api.awsEndpoint(), work);
      floorClasses = cold.compile(SdkFloorSource.CLASS_NAME, SdkFloorSource.SOURCE,
          localJar.toString());
    }
    Path task = task(FunctionCases.VERIFY);
    return () -> {
      Path plan = plans.planFor(prep.enrolled(), prep.clock());
      return new ChildProgram(floorClasses + File.pathSeparator + task,
          SdkFloorSource.CLASS_NAME, List.of(plan.toString()), "\"statusCode\":200", true);
    };
  }

  private FunctionDef definition(FunctionCase fc) {
    return api.template().function(fc.functionId()).orElseThrow(
        () -> new IllegalStateException("template.yaml has no function " + fc.functionId()));
  }
}
