package dev.keyfob.local.browser;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a test run that checked any screen, prints how many distinct screens the
 * browser tests checked (and which) and writes the same to
 * {@code local/target/screen-checks.txt}. Registered through {@code META-INF/services}.
 */
public final class ScreenChecksReport implements TestExecutionListener {

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (ScreenChecks.screens().isEmpty()) {
      return;
    }
    System.out.println();
    for (String line : ScreenChecks.report(Repo.root().resolve("local/target/screen-checks.txt"))) {
      System.out.println("[screen checks] " + line);
    }
  }
}
