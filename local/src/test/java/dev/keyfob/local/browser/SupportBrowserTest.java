package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyfob.local.browser.Browser.Person;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Support staff always use a second factor: one who signed in with a password and has none is
 * led to set it up before the reset form, and then resets a member.
 */
class SupportBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  @Test
  void supportStaffWithoutASecondFactorSetOneUpBeforeResettingAnyone() {
    KEYFOB.enroll("vic", "org-vic", "admin");
    Person sue = new Person("sue", "keyfob-support", "member", "pwd", true, true);
    // What the page guards against: keyfob refuses a support reset from a sign-in without a factor.
    Map<String, Object> refused = KEYFOB.call("POST", "/v1/support/two-factor/resets",
        KEYFOB.supportToken("sue", "keyfob-support", "pwd"), Map.of(
            "userId", "vic", "ticket", "T-1", "reason", "check")).expect(403).json();
    assertEquals("ENROLLMENT_REQUIRED", refused.get("code"));

    browser.signIn(sue).waitHeading("Welcome, sue").checkScreen();
    browser.click(By.linkText("Support")).waitHeading("Support: set up your second factor first");
    browser.waitText(By.id("support-needs-factor"), "Support staff always use a second factor.");
    browser.checkScreen();

    browser.click(By.id("support-setup-app")).waitHeading("Set up two-factor authentication");
    browser.waitText(By.tagName("main"), "Support staff always use a second factor");
    browser.click(By.id("enroll-cant-scan"));
    String secret = browser.waitVisible(By.id("enroll-secret")).getText().replace(" ", "");
    browser.checkScreen("support staff");
    browser.type(By.id("enroll-code"), KEYFOB.oathtool().nextCode(secret));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Save your recovery codes").checkScreen("support staff");
    browser.click(By.id("codes-saved")).click(By.id("codes-continue"));

    browser.waitHeading("Support: reset two-factor authentication");
    browser.waitText(By.cssSelector("main [role=status]"), "You can reset two-factor authentication for others now.");
    browser.checkScreen("after setting up");
    browser.type(By.id("support-user"), "vic");
    browser.type(By.id("support-ticket"), "T-2048");
    browser.type(By.id("support-reason"), "Only admin of org-vic; identity checked by video");
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitText(By.id("support-result"), "vic: Reset.");
  }
}
