package dev.keyfob.local.browser;

import dev.keyfob.local.browser.Browser.Person;
import dev.keyfob.local.browser.KeyfobUnderTest.Enrolled;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The README's screenshots: walks to each pictured screen, checks it like every journey does,
 * and hands the window to {@link ReadmeScreenshots}, which rewrites {@code docs/images/<name>}
 * only when the screen changed (see its rule).
 */
class ReadmeScreenshotsBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB, 1280, 800);

  @Test
  void readmeScreenshotsShowTheScreensAsTheyAreNow() throws IOException {
    // The window's viewport is shorter than the window; make it exactly 1280 x 800.
    browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    // The same morning in every run, so dates (and the widths of times, which move the columns
    // beside them) stay put. Far ahead, because the page compares its MFA token's expiry with
    // the API's Date header, which the test clock does not move.
    KEYFOB.clock().set(Instant.parse("2099-06-01T09:41:00Z"));
    KEYFOB.requireTwoFactor("acme", "ada");
    Enrolled ada = KEYFOB.enroll("ada", "acme", "admin");
    Enrolled ben = KEYFOB.enroll("ben", "acme", "member");
    KEYFOB.enroll("eve", "acme", "member");
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("cleo", "acme", "member", "google"), null)
        .expect(200);
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("dan", "acme", "member", "magic_link"), null)
        .expect(200);

    // 1. Sign-in with a code, after a mistyped one.
    browser.signIn(Person.member("ben", "acme")).waitHeading("Two-factor authentication");
    browser.type(By.name("code"), KEYFOB.oathtool().wrongCode(ben.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitText(By.cssSelector("main [role=alert]"), "4 attempts left");
    browser.type(By.name("code"), "482");
    browser.checkScreen("wrong code");
    // The caret blinks; a picture taken with or without it is the same screen.
    browser.script("document.activeElement.style.caretColor = 'transparent';");
    ReadmeScreenshots.save(browser, "sign-in-verify.png");

    // 2. Enrollment with the QR code and the setup key revealed.
    browser.signOut().signIn(Person.member("cleo", "acme").signingInWith("google", false))
        .waitHeading("Set up two-factor authentication");
    browser.waitVisible(By.id("enroll-qr"));
    browser.click(By.id("enroll-cant-scan"));
    browser.waitVisible(By.id("enroll-secret"));
    browser.checkScreen("setup key shown");
    browser.script("window.scrollTo(0, 120); document.activeElement.blur();");
    ReadmeScreenshots.save(browser, "enrollment-qr.png", "#enroll-qr", "#enroll-secret", "main .help");

    // 3. Access Security, and 4. the 2FA tab after a reset.
    browser.signOut().signIn(Person.admin("ada", "acme")).waitHeading("Two-factor authentication");
    browser.checkScreen();
    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(ada.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Welcome, ada").checkScreen();
    browser.click(By.linkText("Organisation settings")).waitHeading("Organisation settings");
    browser.waitVisible(By.id("tfa-grace"));
    browser.type(By.id("tfa-grace"), "7");
    browser.click(By.id("tfa-grace-save"));
    browser.type(By.cssSelector("dialog input[type=password]"), "a long passphrase");
    browser.click(By.cssSelector("dialog form button[type=submit]"));
    browser.type(By.cssSelector("dialog input[name=code]"), KEYFOB.oathtool().nextCode(ada.secret()));
    browser.click(By.cssSelector("dialog form button[type=submit]"));
    browser.waitText(By.id("access-messages"), "grace period of 7 days");
    browser.checkScreen("grace period saved");
    browser.script("document.activeElement.blur();");
    ReadmeScreenshots.save(browser, "org-access-security.png", "#tfa-since");

    browser.click(By.id("tab-two-factor"));
    browser.waitVisible(By.cssSelector("#members-table tr[data-user-id=eve]"));
    browser.click(By.id("member-ben"));
    browser.type(By.id("reset-reason"), "New phone; identity checked on a video call");
    browser.click(By.id("reset-submit"));
    browser.waitText(By.id("reset-results"), "Results");
    browser.waitVisible(By.cssSelector("#audit-events li[data-type=ADMIN_RESET]"));
    browser.checkScreen("after a reset");
    browser.script("document.getElementById('tab-two-factor').scrollIntoView();"
        + " window.scrollBy(0, -24); document.activeElement.blur();");
    ReadmeScreenshots.save(browser, "org-2fa-tab.png", "#members-table time", ".audit__meta");
  }
}
