package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.browser.Browser.Person;
import dev.keyfob.local.browser.KeyfobUnderTest.Enrolled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * "Remember this browser": a member who ticks it signs in next time without a prompt; the org's
 * admin turning it off, or the member forgetting their browsers, brings the prompt back. The
 * device token lives in localStorage only: never in the address, the page or the console.
 */
class RememberBrowserBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  private static final By REMEMBER = By.cssSelector("main input[name=rememberDevice]");

  @Test
  void aRememberedBrowserSkipsTheCodeUntilTheAdminTurnsRememberingOff() {
    Enrolled ada = KEYFOB.enroll("ada", "org-remember", "admin");
    Enrolled mo = KEYFOB.enroll("mo", "org-remember", "member");
    Person member = Person.member("mo", "org-remember");

    // Off by default: no offer to remember.
    browser.signIn(member).waitHeading("Two-factor authentication").checkScreen();
    assertTrue(browser.findAll(REMEMBER).isEmpty(), "nothing to remember while the org does not allow it");

    // The admin allows 30 days on the Access Security tab.
    browser.signOut().signIn(Person.admin("ada", "org-remember")).waitHeading("Two-factor authentication");
    enterCode(ada);
    browser.waitHeading("Welcome, ada").checkScreen();
    browser.click(By.linkText("Organisation settings")).waitHeading("Organisation settings");
    browser.waitText(By.id("remember-state"), "Off");
    browser.checkScreen();
    setRememberDays("30", ada);
    browser.waitText(By.id("access-messages"), "can have a browser remembered for 30 days");
    browser.waitText(By.id("remember-state"), "On: members may have a browser remembered for 30 days.");
    assertEquals("remember-days", browser.focused(), "focus back on the field");
    browser.checkScreen("remembering on");

    // The member ticks "Remember this browser" and signs in with a code.
    browser.signOut().signIn(member).waitHeading("Two-factor authentication");
    browser.waitText(By.cssSelector("main label[for$=-remember]"), "Remember this browser for 30 days");
    browser.click(REMEMBER);
    browser.checkScreen("remember ticked");
    enterCode(mo);
    browser.waitHeading("Welcome, mo").checkScreen();
    assertEquals(List.of("keyfob-demo-remembered/org-remember/mo"), browser.localStorageKeys());
    assertTokenOnlyInStorage("org-remember", "mo");

    // Next sign-in: no prompt at all.
    int mark = KEYFOB.serverLog().length();
    browser.signOut().signIn(member).waitHeading("Welcome, mo").checkScreen("remembered browser");
    String since = KEYFOB.serverLog().substring(mark);
    assertTrue(since.contains("POST /v1/me/two-factor/device 200"), since);
    assertFalse(since.contains("POST /v1/me/two-factor/verify"), "no code was asked for: " + since);
    assertTokenOnlyInStorage("org-remember", "mo");

    // The admin turns remembering off: that ends every remembered browser for good.
    browser.signOut().signIn(Person.admin("ada", "org-remember")).waitHeading("Two-factor authentication");
    enterCode(ada);
    browser.waitHeading("Welcome, ada");
    browser.click(By.linkText("Organisation settings")).waitHeading("Organisation settings");
    browser.waitText(By.id("remember-state"), "On");
    setRememberDays("0", ada);
    browser.waitText(By.id("access-messages"), "Remembering browsers is off in org-remember.");
    browser.waitText(By.id("remember-state"), "Off");
    browser.checkScreen("remembering off");

    // The member's next sign-in asks for the code again, and says why; the token is dropped.
    browser.signOut().signIn(member).waitHeading("Two-factor authentication");
    browser.waitText(By.cssSelector("main [role=status]"), "This browser is no longer remembered.");
    browser.checkScreen("no longer remembered");
    assertTrue(browser.findAll(REMEMBER).isEmpty(), "remembering is off");
    assertEquals(List.of(), browser.localStorageKeys());
    assertTrue(KEYFOB.serverLog().contains("POST /v1/me/two-factor/device 401"));
    enterCode(mo);
    browser.waitHeading("Welcome, mo");
  }

  @Test
  void forgettingRememberedBrowsersInSettingsBringsThePromptBack() {
    KEYFOB.rememberBrowsers("org-forget", "boss-forget", 7);
    Enrolled flo = KEYFOB.enroll("flo", "org-forget", "member");
    Person person = Person.member("flo", "org-forget");

    browser.signIn(person).waitHeading("Two-factor authentication").checkScreen("7 days");
    browser.click(REMEMBER);
    enterCode(flo);
    browser.waitHeading("Welcome, flo");
    browser.signOut().signIn(person).waitHeading("Welcome, flo").checkScreen();

    browser.click(By.linkText("Personal settings")).waitHeading("Personal settings");
    browser.waitText(By.id("browsers-this"), "This browser is remembered until");
    browser.waitVisible(By.id("keys-none"));
    browser.checkScreen("remembered browser");

    // A remembered browser never counts as a recent verification: a change asks for the code.
    browser.click(By.id("settings-regenerate"));
    browser.click(By.xpath("//dialog//button[normalize-space()='Generate new codes']"));
    browser.waitText(By.cssSelector("dialog h2"), "Confirm it's you");
    browser.checkScreen("remembered browser");
    browser.click(By.xpath("//dialog//button[normalize-space()='Cancel']"));
    browser.waitUntil(d -> browser.findAll(By.tagName("dialog")).isEmpty());

    browser.click(By.id("settings-forget-browsers"));
    browser.waitText(By.cssSelector("dialog h2"), "Forget remembered browsers?");
    browser.checkScreen();
    browser.click(By.xpath("//dialog//button[normalize-space()='Forget them']"));
    browser.waitText(By.id("browsers-messages"), "Every remembered browser is forgotten.");
    browser.waitText(By.id("browsers-this"), "This browser is not remembered.");
    browser.checkScreen("browsers forgotten");
    assertEquals(List.of(), browser.localStorageKeys());

    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    enterCode(flo);
    browser.waitHeading("Welcome, flo");
  }

  private void setRememberDays(String days, Enrolled admin) {
    browser.type(By.id("remember-days"), days);
    browser.click(By.id("remember-save"));
    browser.type(By.cssSelector("dialog input[type=password]"), "correct horse battery staple");
    browser.click(By.cssSelector("dialog form button[type=submit]"));
    browser.type(By.cssSelector("dialog input[name=code]"), KEYFOB.oathtool().nextCode(admin.secret()));
    browser.click(By.cssSelector("dialog form button[type=submit]"));
  }

  private void enterCode(Enrolled who) {
    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(who.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
  }

  /** The device token is in localStorage, and nowhere in the address, the page or a session. */
  private void assertTokenOnlyInStorage(String orgId, String sub) {
    String token = (String) browser.script("const v = localStorage.getItem(arguments[0]);"
        + " return v ? JSON.parse(v).token : null;", "keyfob-demo-remembered/" + orgId + "/" + sub);
    assertTrue(token != null && token.startsWith("kfd_"), "a device token is kept: " + token);
    assertFalse(browser.driver().getCurrentUrl().contains(token), "not in the address");
    assertFalse(browser.driver().getPageSource().contains(token), "not in the page");
    assertFalse(String.valueOf(browser.script("return JSON.stringify(sessionStorage);")).contains(token),
        "not in the session");
  }
}
