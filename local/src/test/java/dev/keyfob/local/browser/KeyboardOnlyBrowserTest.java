package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.browser.Browser.Person;
import dev.keyfob.local.browser.KeyfobUnderTest.Enrolled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The flows people use most, with Tab, Enter and Space alone (plus typing into the fields):
 * setting up with the authenticator app, signing in with a code, and signing in with a security
 * key (Selenium's virtual authenticator answers the browser's request). At every step the
 * expected control has focus and shows it (an outline or a focus ring from the computed
 * style). A new screen starts with focus on its heading, a place to start reading rather than
 * a control, so the heading is only asked to have focus; the first Tab from it must reach a
 * control with visible focus.
 */
class KeyboardOnlyBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  /** Whether the focused element shows it; empty when it does, else why not. */
  private static final String FOCUS_SHOWN = """
      const e = document.activeElement;
      if (!e || e === document.body) return 'nothing has focus';
      const style = getComputedStyle(e);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const ring = style.boxShadow !== 'none';
      if (!e.checkVisibility()) return 'the focused element is not visible';
      if (!e.matches(':focus-visible')) return 'the focus is not marked :focus-visible';
      return outline || ring ? '' : 'no outline or focus ring';""";

  @Test
  void signInWithACodeUsingTabEnterAndSpaceOnly() {
    Enrolled kit = KEYFOB.enroll("kit", "acme", "member");
    browser.open("/").waitHeading("Sign in").checkScreen();
    assertHeadingFocused("signin-title");

    fillSignInAs("kit");
    press(Keys.SPACE);

    browser.waitHeading("Two-factor authentication").checkScreen();
    assertHeadingFocused("verify-title");
    step(Keys.TAB, "main input[name=code]");
    type(KEYFOB.oathtool().wrongCode(kit.secret()));
    press(Keys.ENTER);
    browser.waitText(By.cssSelector("main [role=alert]"), "4 attempts left");
    browser.checkScreen("wrong code");
    assertFocusShown("main input[name=code]");

    type(KEYFOB.oathtool().nextCode(kit.secret()));
    press(Keys.ENTER);
    browser.waitHeading("Welcome, kit").checkScreen();
    assertHeadingFocused("home-title");
    step(Keys.TAB, "main a[href='#/settings']");
  }

  @Test
  void setUpWithTheAuthenticatorAppUsingTabEnterAndSpaceOnly() {
    KEYFOB.requireTwoFactor("acme", "boss");
    browser.open("/").waitHeading("Sign in").checkScreen();
    fillSignInAs("kay");
    press(Keys.ENTER);

    browser.waitHeading("Set up two-factor authentication");
    browser.waitVisible(By.id("enroll-qr"));
    browser.checkScreen();
    assertHeadingFocused("enroll-title");
    step(Keys.TAB, "#enroll-cant-scan");
    press(Keys.SPACE);
    assertFocusShown("#enroll-secret");
    assertEquals("true", browser.find(By.id("enroll-cant-scan")).getAttribute("aria-expanded"));
    browser.checkScreen("setup key shown");
    String secret = browser.find(By.id("enroll-secret")).getText().replace(" ", "");
    step(Keys.TAB, "#enroll-copy-secret");
    step(Keys.TAB, "#enroll-code");
    type(KEYFOB.oathtool().nextCode(secret));
    press(Keys.ENTER);

    browser.waitHeading("Save your recovery codes").checkScreen();
    assertHeadingFocused("codes-title");
    step(Keys.TAB, "#codes-download");
    step(Keys.TAB, "#codes-copy");
    step(Keys.TAB, "#codes-saved");
    press(Keys.SPACE);
    assertTrue(browser.find(By.id("codes-saved")).isSelected(), "Space ticks the box");
    assertFocusShown("#codes-saved");
    step(Keys.TAB, "#codes-continue");
    press(Keys.ENTER);

    browser.waitHeading("Welcome, kay").checkScreen();
    assertHeadingFocused("home-title");
    browser.waitText(By.id("home-2fa"), "On · 10 recovery codes left");
  }

  @Test
  void signInWithASecurityKeyUsingTabAndEnterOnly() {
    Enrolled kip = KEYFOB.enroll("kip", "acme", "member");
    browser.open("/").plugInSecurityKey();
    // Arranged with the mouse: a key added in personal settings.
    browser.signIn(Person.member("kip", "acme")).waitHeading("Two-factor authentication").checkScreen();
    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(kip.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Welcome, kip").checkScreen();
    browser.click(By.linkText("Personal settings")).waitHeading("Personal settings");
    browser.type(By.id("keys-name"), "Keyring key");
    browser.click(By.id("keys-add"));
    browser.waitUntil(d -> !d.findElements(By.cssSelector("#keys-list li.key")).isEmpty());
    browser.checkScreen("key added");
    browser.signOut();

    browser.open("/").waitHeading("Sign in").checkScreen();
    fillSignInAs("kip");
    press(Keys.ENTER);
    browser.waitHeading("Two-factor authentication").checkScreen("security key first");
    assertHeadingFocused("verify-title");
    step(Keys.TAB, "main form.second-factor button[type=submit]");
    assertEquals("Use your security key", browser.driver().switchTo().activeElement().getText());
    press(Keys.ENTER);
    browser.waitHeading("Welcome, kip").checkScreen();
    assertHeadingFocused("home-title");
  }

  /** From the sign-in heading to the Sign in button, typing only the user id. */
  private void fillSignInAs(String userId) {
    step(Keys.TAB, "#signin-preset");
    step(Keys.TAB, "#signin-user");
    type(userId);
    step(Keys.TAB, "#signin-email");
    step(Keys.TAB, "#signin-org");
    step(Keys.TAB, "#signin-role-member");
    step(Keys.TAB, "#signin-method-pwd");
    step(Keys.TAB, "#signin-pwdset");
    step(Keys.TAB, "#signin-support");
    step(Keys.TAB, "main form button[type=submit]");
  }

  /** Presses a key, then the element matching {@code selector} must have visible focus. */
  private void step(Keys key, String selector) {
    press(key);
    assertFocusShown(selector);
  }

  private void press(Keys key) {
    new Actions(browser.driver()).sendKeys(key).perform();
  }

  private void type(String text) {
    new Actions(browser.driver()).sendKeys(text).perform();
  }

  private void assertFocusShown(String selector) {
    assertEquals(Boolean.TRUE, browser.script(
        "return document.activeElement.matches(arguments[0]);", selector),
        "focus on " + selector + ", not on " + browser.focused());
    assertEquals("", browser.script(FOCUS_SHOWN), "focus visible on " + selector);
  }

  private void assertHeadingFocused(String id) {
    assertEquals(id, browser.focused(), "focus starts at the screen's heading");
  }
}
