package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.browser.Browser.Person;
import dev.keyfob.local.browser.KeyfobUnderTest.Enrolled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/** What a member does: enroll, sign in with a code or a recovery code, change method, get locked. */
class MemberJourneysBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest()
      .with("KEYFOB_LOCKOUT_SECONDS", "60");

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  @Test
  void memberEnrollsWithTheSetupKeyAndDownloadsTenRecoveryCodesShownOnce() throws IOException {
    KEYFOB.requireTwoFactor("org-enroll", "boss-enroll");
    browser.signIn(Person.member("mia", "org-enroll"));
    browser.waitHeading("Set up two-factor authentication");

    WebElement qr = browser.waitVisible(By.id("enroll-qr"));
    browser.checkScreen();
    browser.click(By.id("enroll-cant-scan"));
    String secret = browser.waitVisible(By.id("enroll-secret")).getText();
    browser.checkScreen("setup key shown");
    assertTrue(secret.matches("([A-Z2-7]{4} )+[A-Z2-7]{1,4}"), "secret in groups of four: " + secret);
    secret = secret.replace(" ", "");
    assertEquals("true", browser.find(By.id("enroll-cant-scan")).getAttribute("aria-expanded"));

    // The QR code as the page shows it, and as the data URI it came from, carry the same secret.
    Map<String, String> shown = QrCodes.otpauthParameters(
        QrCodes.decodePng(shot(qr)));
    Map<String, String> source = QrCodes.otpauthParameters(
        QrCodes.decodeDataUri(qr.getAttribute("src")));
    assertEquals(secret, shown.get("secret"));
    assertEquals(secret, source.get("secret"));
    assertEquals("keyfob", shown.get("issuer"));
    assertEquals("keyfob:mia@example.com", shown.get("label"));

    browser.type(By.id("enroll-code"), KEYFOB.oathtool().nextCode(secret));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Save your recovery codes").checkScreen();

    List<String> codes = browser.findAll(By.cssSelector("#recovery-codes li")).stream()
        .map(WebElement::getText).toList();
    assertEquals(10, codes.size(), "ten recovery codes: " + codes);
    assertTrue(codes.stream().allMatch(c -> c.matches("[2-9hkmrtwxy]{4}(-[2-9hkmrtwxy]{4}){3}")),
        "codes look like 7hk3-xm2r-94ty-w8k6: " + codes);
    assertEquals(10, codes.stream().distinct().count());

    browser.click(By.id("codes-download"));
    Path file = browser.downloads().resolve("keyfob-recovery-codes.txt");
    browser.waitUntil(d -> Files.isRegularFile(file));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    for (String code : codes) {
      assertTrue(text.contains(code), "downloaded file holds " + code);
    }

    // Continuing needs the confirmation.
    browser.click(By.id("codes-continue"));
    browser.waitText(By.id("codes-errors"), "tick the box");
    browser.checkScreen("not ticked");
    assertEquals("codes-saved", browser.focused());
    browser.click(By.id("codes-saved"));
    browser.click(By.id("codes-continue"));
    browser.waitHeading("Welcome, mia");
    browser.waitText(By.id("home-2fa"), "On · 10 recovery codes left");
    browser.checkScreen();

    // Shown once: a reload goes to home, and the codes are nowhere on the page.
    browser.driver().navigate().refresh();
    browser.waitHeading("Welcome, mia");
    String page = browser.find(By.tagName("body")).getText();
    assertTrue(codes.stream().noneMatch(page::contains), "codes are not shown again");
  }

  @Test
  void enrolledMemberSignsInWithTheNextCodeAfterAWrongOne() {
    Enrolled noah = KEYFOB.enroll("noah", "org-signin", "member");
    browser.signIn(Person.member("noah", "org-signin"));
    browser.waitHeading("Two-factor authentication").checkScreen();

    browser.type(By.name("code"), KEYFOB.oathtool().wrongCode(noah.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitText(By.cssSelector("main [role=alert]"), "4 attempts left");
    assertEquals("true", browser.find(By.name("code")).getAttribute("aria-invalid"));
    browser.checkScreen("wrong code");

    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(noah.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Welcome, noah");
    browser.waitText(By.id("home-2fa"), "On");
  }

  @Test
  void recoveryCodeSignsInOnceAndIsRefusedWhenUsedAgain() {
    Enrolled olga = KEYFOB.enroll("olga", "org-recovery", "member");
    String code = olga.recoveryCodes().get(0);
    Person person = Person.member("olga", "org-recovery");

    browser.signIn(person).waitHeading("Two-factor authentication").checkScreen();
    useRecoveryCode(code.toUpperCase().replace('-', ' '));
    browser.waitHeading("Welcome, olga");
    browser.waitText(By.cssSelector("main [role=status]"), "You have 9 recovery codes left");
    browser.checkScreen("after a recovery code");

    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    useRecoveryCode(code);
    browser.waitText(By.cssSelector("main [role=alert]"), "That recovery code is not valid.");
    browser.waitText(By.cssSelector("main [role=alert]"), "4 attempts left");
    assertEquals("Two-factor authentication", browser.heading());
  }

  @Test
  void lastRecoveryCodeTurnsTwoFactorOffAndLeadsToSettingItUpAgain() {
    Enrolled pia = KEYFOB.enroll("pia", "org-last", "member");
    String token = KEYFOB.token("pia", "org-last", "member", "pwd");
    for (String code : pia.recoveryCodes().subList(0, 9)) {
      KEYFOB.call("POST", "/v1/me/two-factor/recover", token, Map.of("recoveryCode", code))
          .expect(200);
    }

    browser.signIn(Person.member("pia", "org-last")).waitHeading("Two-factor authentication")
        .checkScreen();
    useRecoveryCode(pia.recoveryCodes().get(9));
    browser.waitHeading("You used your last recovery code").checkScreen();
    browser.click(By.xpath("//button[normalize-space()='Set up two-factor authentication again']"));
    browser.waitHeading("Set up two-factor authentication again");

    String secret = readSetupKey();
    browser.checkScreen("setup key shown");
    browser.type(By.id("enroll-code"), KEYFOB.oathtool().nextCode(secret));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Save your recovery codes").checkScreen();
    assertEquals(10, browser.findAll(By.cssSelector("#recovery-codes li")).size());
    browser.click(By.id("codes-saved")).click(By.id("codes-continue"));
    browser.waitHeading("Welcome, pia");
    browser.waitText(By.id("home-2fa"), "On · 10 recovery codes left");
  }

  @Test
  void changingMethodKeepsTheOldAppUntilTheNewOneIsConfirmed() {
    Enrolled quinn = KEYFOB.enroll("quinn", "org-change", "member");
    String oldSecret = quinn.secret();
    Person person = Person.member("quinn", "org-change");
    browser.signIn(person).waitHeading("Two-factor authentication");
    enterCode(KEYFOB.oathtool().nextCode(oldSecret));
    browser.waitHeading("Welcome, quinn").checkScreen();

    browser.click(By.linkText("Personal settings")).waitHeading("Personal settings").checkScreen();
    browser.click(By.id("settings-change")).waitHeading("Change your authenticator app");
    browser.waitText(By.cssSelector("main [role=note]"),
        "Your current app keeps working until you confirm the new one.");
    String newSecret = readSetupKey();
    browser.checkScreen("method change");
    assertTrue(!newSecret.equals(oldSecret));

    // While the new app is not confirmed, the old one still signs in (say, on another device).
    KEYFOB.call("POST", "/v1/me/two-factor/verify", KEYFOB.token("quinn", "org-change", "member", "pwd"),
        Map.of("code", KEYFOB.oathtool().nextCode(oldSecret))).expect(200);

    browser.type(By.id("enroll-code"), KEYFOB.oathtool().nextCode(newSecret));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Save your recovery codes").checkScreen();
    browser.click(By.id("codes-saved")).click(By.id("codes-continue"));
    browser.waitHeading("Personal settings");
    browser.waitText(By.cssSelector("main [role=status]"), "The old app and your old recovery codes no longer work.");
    browser.checkScreen("method changed");

    // A minute later the old app offers a code it never used; it is refused, the new one works.
    KEYFOB.clock().advance(java.time.Duration.ofSeconds(60));
    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    enterCode(KEYFOB.oathtool().nextCode(oldSecret));
    browser.waitText(By.cssSelector("main [role=alert]"), "That code is not right.");
    browser.checkScreen("wrong code");
    enterCode(KEYFOB.oathtool().nextCode(newSecret));
    browser.waitHeading("Welcome, quinn");
  }

  @Test
  void fiveWrongCodesLockSignInWithALiveCountdown() {
    Enrolled rex = KEYFOB.enroll("rex", "org-lock", "member");
    browser.signIn(Person.member("rex", "org-lock")).waitHeading("Two-factor authentication")
        .checkScreen();
    for (int attempt = 1; attempt <= 5; attempt++) {
      enterCode(KEYFOB.oathtool().wrongCode(rex.secret()));
      browser.waitText(By.cssSelector("main [role=alert]"), attempt < 5
          ? (5 - attempt) + (attempt == 4 ? " attempt left" : " attempts left")
          : "Too many wrong attempts");
    }
    // The fifth failure sets the lock: the countdown starts at once and goes down.
    assertCountdownRuns();
    assertEquals("true", browser.find(By.cssSelector("main form button[type=submit]"))
        .getAttribute("aria-disabled"));
    browser.checkScreen("locked");

    // Recovery codes lock on their own: five wrong ones elsewhere, then the next try here is
    // answered 429 with Retry-After, which the page turns into the same countdown.
    String token = KEYFOB.token("rex", "org-lock", "member", "pwd");
    for (int i = 0; i < 5; i++) {
      KEYFOB.call("POST", "/v1/me/two-factor/recover", token,
          Map.of("recoveryCode", "2222-3333-4444-5555")).expect(401);
    }
    useRecoveryCode(rex.recoveryCodes().get(0));
    browser.waitText(By.cssSelector("main [role=alert]"), "Too many wrong attempts. Try again in");
    assertCountdownRuns();
    assertTrue(KEYFOB.serverLog().contains("POST /v1/me/two-factor/recover 429"),
        "the page's last try was answered 429");
  }

  @Test
  void aHundredWrongCodesLockForGoodAndThePageSaysWhoCanHelp() {
    Enrolled tia = KEYFOB.enroll("tia", "org-permanent", "member");
    // Ninety-nine failures through the API, letting each timed lock run out on the test clock.
    for (int failure = 1; failure < 100; failure++) {
      KEYFOB.call("POST", "/v1/me/two-factor/verify",
          KEYFOB.token("tia", "org-permanent", "member", "pwd"),
          Map.of("code", KEYFOB.oathtool().wrongCode(tia.secret()))).expect(401);
      if (failure % 5 == 0) {
        long lockSeconds = Math.min(60L << (failure / 5 - 1), 3600);
        KEYFOB.clock().advance(java.time.Duration.ofSeconds(lockSeconds + 1));
      }
    }
    // The hundredth, in the browser, locks for good: no countdown, but who can help.
    Person person = Person.member("tia", "org-permanent");
    browser.signIn(person).waitHeading("Two-factor authentication");
    enterCode(KEYFOB.oathtool().wrongCode(tia.secret()));
    browser.waitText(By.cssSelector("main [role=alert]"), "Too many wrong attempts");
    assertPermanentLockShown();
    browser.checkScreen("locked for good");

    // Signing in again, the next try (even the right code) is answered 429 "permanent".
    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    enterCode(KEYFOB.oathtool().nextCode(tia.secret()));
    assertPermanentLockShown();
    assertTrue(KEYFOB.serverLog().contains("POST /v1/me/two-factor/verify 429"));
  }

  private void assertPermanentLockShown() {
    String lock = browser.waitText(By.cssSelector("main .lock"), "is locked after too many wrong attempts");
    assertTrue(lock.contains("Ask an admin of your organisation, or keyfob support"), lock);
    assertTrue(browser.findAll(By.cssSelector("main .countdown")).isEmpty(), "no countdown");
    assertEquals("true", browser.find(By.cssSelector("main form button[type=submit]"))
        .getAttribute("aria-disabled"));
  }

  @Test
  void aChangeAfterFiveMinutesAsksForACodeAgainAndThenGoesThrough() {
    Enrolled sol = KEYFOB.enroll("sol", "org-stepup", "member");
    browser.signIn(Person.member("sol", "org-stepup")).waitHeading("Two-factor authentication")
        .checkScreen();
    enterCode(KEYFOB.oathtool().nextCode(sol.secret()));
    browser.waitHeading("Welcome, sol").checkScreen();
    browser.click(By.linkText("Personal settings")).waitHeading("Personal settings").checkScreen();

    KEYFOB.clock().advance(java.time.Duration.ofMinutes(6));
    browser.click(By.id("settings-regenerate"));
    browser.waitText(By.cssSelector("dialog h2"), "Generate new recovery codes?");
    browser.checkScreen();
    browser.click(By.xpath("//dialog//button[normalize-space()='Generate new codes']"));
    browser.waitText(By.cssSelector("dialog h2"), "Confirm it's you");
    browser.waitText(By.cssSelector("dialog"), "needs a recent verification");
    browser.checkScreen();
    browser.type(By.cssSelector("dialog input[name=code]"), KEYFOB.oathtool().nextCode(sol.secret()));
    browser.click(By.cssSelector("dialog form button[type=submit]"));
    browser.waitHeading("Save your recovery codes").checkScreen();
    List<String> fresh = browser.findAll(By.cssSelector("#recovery-codes li")).stream()
        .map(WebElement::getText).toList();
    assertEquals(10, fresh.size());
    assertTrue(fresh.stream().noneMatch(sol.recoveryCodes()::contains), "a new set");
    browser.click(By.id("codes-saved")).click(By.id("codes-continue"));
    browser.waitText(By.cssSelector("main [role=status]"), "The old ones no longer work.");

    // Removing needs a recent verification too; the one just given still counts.
    browser.click(By.id("settings-remove"));
    browser.waitText(By.cssSelector("dialog h2"), "Remove two-factor authentication?");
    browser.checkScreen();
    browser.click(By.xpath("//dialog//button[normalize-space()='Remove']"));
    browser.waitText(By.cssSelector("main [role=status]"), "Two-factor authentication is off");
    browser.waitText(By.id("settings-2fa-state"), "Off");
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("sol", "org-stepup", "member", "pwd"), null)
        .expect(200);
  }

  private void enterCode(String code) {
    browser.type(By.name("code"), code);
    browser.click(By.cssSelector("main form button[type=submit]"));
  }

  private void useRecoveryCode(String code) {
    if (browser.findAll(By.name("recoveryCode")).stream().noneMatch(WebElement::isDisplayed)) {
      browser.click(By.xpath("//button[normalize-space()='Use a recovery code instead']"));
    }
    browser.type(By.name("recoveryCode"), code);
    browser.click(By.cssSelector("main form button[type=submit]"));
  }

  private String readSetupKey() {
    browser.click(By.id("enroll-cant-scan"));
    return browser.waitVisible(By.id("enroll-secret")).getText().replace(" ", "");
  }

  /** The lock's countdown is visible and goes down. */
  private void assertCountdownRuns() {
    By countdown = By.cssSelector("main .lock .countdown");
    int first = seconds(browser.waitVisible(countdown).getText());
    assertTrue(first > 50 && first <= 61, "a 60 s lock (its end rounded up to the second): " + first);
    browser.waitUntil(d -> seconds(d.findElement(countdown).getText()) < first);
    assertTrue(browser.find(By.cssSelector("main .lock")).getText()
        .startsWith("Too many wrong attempts. You can try again in"));
  }

  private static int seconds(String text) {
    return Integer.parseInt(text.replaceAll("\\D", ""));
  }

  private static byte[] shot(WebElement element) throws IOException {
    byte[] png = element.getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(Repo.screenshots());
    Files.write(Repo.screenshots().resolve("qr-as-shown.png"), png);
    return png;
  }
}
