package dev.keyfob.local.browser;

import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * After each test plan that checked a screen it had not checked before, writes the distinct
 * screens the browser tests of the run have checked so far (and which) to
 * {@code local/target/screen-checks.txt} and prints their count. Surefire runs each test class
 * of this module as its own plan, in two JVMs, so the last count printed is the run's.
 * Registered through {@code META-INF/services}.
 */
public final class ScreenChecksReport implements TestExecutionListener {

  private int reported;

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    int checked = ScreenChecks.screens().size();
    if (checked == reported) {
      return;
    }
    reported = checked;
    List<String> lines = ScreenChecks.report(Repo.root().resolve("local/target/screen-checks"));
    System.out.println();
    System.out.println("[screen checks] " + lines.get(0)
        + " (the list: local/target/screen-checks.txt)");
  }
}
