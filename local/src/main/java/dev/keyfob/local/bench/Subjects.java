package dev.keyfob.local.bench;

import dev.keyfob.local.FunctionDef;
import dev.keyfob.local.LocalApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The things a cold sample can run, each preparing its own state first. */
final class Subjects {

  private final LocalApiServer api;
  private final Preparation prep;
  private final Path work;
  private final ColdStarts cold;
  private final Path jar;
  private final Path task;
  private FloorPlans plans;
  private Path floorClasses;

  /**
   * @param jar keyfob-local.jar, which the floor is compiled against
   * @param task the same unpacked, which the floor runs from
   */
  Subjects(LocalApiServer api, Preparation prep, Path work, ColdStarts cold, Path jar,
      Path task) {
    this.api = api;
    this.prep = prep;
    this.work = work;
    this.cold = cold;
    this.jar = jar;
    this.task = task;
  }

  /** A class that prints one line: the JVM's own floor. */
  ColdVariant.Subject hello(String source) {
    Path classes = cold.compile("Hello", source, "");
    ChildProgram program = new ChildProgram(classes.toString(), "Hello", List.of(), "hello",
        false);
    return () -> program;
  }

  /** The first request of a function, run as Lambda runs it (see {@link LambdaStyleInvoke}). */
  ColdVariant.Subject function(FunctionCase fc, Path classpath) {
    FunctionDef function = api.template().function(fc.functionId()).orElseThrow(
        () -> new IllegalStateException("template.yaml has no function " + fc.functionId()));
    return () -> {
      ApiEvent event = fc.preparer().prepare(prep);
      Path file = Files.writeString(work.resolve("event-" + fc.key() + ".json"), event.toJson());
      return new ChildProgram(classpath.toString(), LambdaStyleInvoke.class.getName(),
          List.of(function.handlerClass(), file.toString()),
          "\"statusCode\":" + fc.expectedStatus(), true);
    };
  }

  /** The bare-SDK floor on a freshly enrolled user (see {@link SdkFloorSource}). */
  ColdVariant.Subject sdkFloor() {
    if (plans == null) {
      plans = new FloorPlans(api.settings(), api.awsEndpoint(), work);
      floorClasses = cold.compile(SdkFloorSource.CLASS_NAME, SdkFloorSource.SOURCE,
          jar.toString());
    }
    return () -> {
      Path plan = plans.planFor(prep.enrolled(), prep.clock());
      return new ChildProgram(floorClasses + java.io.File.pathSeparator + task,
          SdkFloorSource.CLASS_NAME, List.of(plan.toString()), "\"statusCode\":200", true);
    };
  }
}
