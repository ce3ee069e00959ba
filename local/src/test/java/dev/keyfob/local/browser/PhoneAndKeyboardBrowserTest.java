package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.browser.Browser.Person;
import dev.keyfob.local.browser.KeyfobUnderTest.Enrolled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The app on a phone-sized screen (375 px wide), used with the keyboard alone: nothing scrolls
 * sideways, every control has an accessible name, focus moves to each new screen's heading and
 * back to the field after an error, and the tabs follow the arrow keys.
 */
class PhoneAndKeyboardBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB, 375, 740);

  @Test
  void signInAndVerifyWithTheKeyboardAlone() {
    Enrolled lee = KEYFOB.enroll("lee", "org-keys", "member");
    browser.open("/").waitHeading("Sign in");
    assertEquals(375L, browser.script("return window.innerWidth;"));
    assertEquals("signin-title", browser.focused(), "focus starts at the heading");
    assertFitsAndLabelled();

    press(Keys.TAB);
    assertEquals("signin-preset", browser.focused());
    press(Keys.TAB);
    assertEquals("signin-user", browser.focused());
    press("lee");
    press(Keys.TAB);
    assertEquals("signin-email", browser.focused());
    press(Keys.TAB);
    assertEquals("signin-org", browser.focused());
    press(Keys.chord(Keys.CONTROL, "a"), "org-keys");
    press(Keys.TAB);
    assertEquals("signin-role-member", browser.focused());
    press(Keys.TAB);
    assertEquals("signin-method-pwd", browser.focused());
    press(Keys.TAB, Keys.TAB, Keys.TAB);
    assertEquals("button", browser.focused());
    press(Keys.ENTER);

    browser.waitHeading("Two-factor authentication");
    assertEquals("verify-title", browser.focused());
    assertFitsAndLabelled();
    press(Keys.TAB);
    WebElement code = browser.driver().switchTo().activeElement();
    assertEquals("code", code.getAttribute("name"));
    press(KEYFOB.oathtool().wrongCode(lee.secret()), Keys.ENTER);
    browser.waitText(By.cssSelector("main [role=alert]"), "4 attempts left");
    assertEquals(code.getAttribute("id"), browser.focused(), "focus back in the code field");
    assertEquals("true", code.getAttribute("aria-invalid"));
    assertTrue(code.getAttribute("aria-describedby").contains(
        browser.find(By.cssSelector("main [role=alert]")).getAttribute("id")),
        "the error describes the field");

    press(KEYFOB.oathtool().nextCode(lee.secret()), Keys.ENTER);
    browser.waitHeading("Welcome, lee");
    assertEquals("home-title", browser.focused());
    assertFitsAndLabelled();
  }

  @Test
  void enrollmentRecoveryCodesAndOrganisationSettingsFitAPhone() {
    KEYFOB.requireTwoFactor("org-phone", "uma");
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("vic", "org-phone", "member", "pwd"), null)
        .expect(200);
    browser.signIn(Person.admin("uma", "org-phone")).waitHeading("Set up two-factor authentication");
    browser.waitVisible(By.id("enroll-qr"));
    assertFitsAndLabelled();
    browser.click(By.id("enroll-cant-scan"));
    assertEquals("enroll-secret", browser.focused(), "focus moves to the revealed key");
    String secret = browser.find(By.id("enroll-secret")).getText().replace(" ", "");
    assertFitsAndLabelled();
    browser.type(By.id("enroll-code"), KEYFOB.oathtool().nextCode(secret));
    press(Keys.ENTER);

    browser.waitHeading("Save your recovery codes");
    assertEquals("codes-title", browser.focused());
    assertFitsAndLabelled();
    browser.click(By.id("codes-saved")).click(By.id("codes-continue"));
    browser.waitHeading("Welcome, uma");
    assertFitsAndLabelled();

    browser.click(By.linkText("Organisation settings")).waitHeading("Organisation settings");
    browser.waitVisible(By.id("tfa-toggle"));
    assertFitsAndLabelled();
    browser.find(By.id("tab-access-security")).click();
    press(Keys.ARROW_RIGHT);
    assertEquals("tab-two-factor", browser.focused());
    assertEquals("true", browser.find(By.id("tab-two-factor")).getAttribute("aria-selected"));
    assertTrue(browser.find(By.id("panel-access-security")).getAttribute("hidden") != null);
    browser.waitVisible(By.cssSelector("#members-table tr[data-user-id=vic]"));
    browser.waitVisible(By.cssSelector("#audit-events li[data-type=ENROLLMENT_COMPLETED]"));
    assertFitsAndLabelled();
    press(Keys.HOME);
    assertEquals("tab-access-security", browser.focused());
  }

  private void press(CharSequence... keys) {
    browser.driver().switchTo().activeElement().sendKeys(keys);
  }

  /**
   * Nothing wider than the screen; every visible control named; describedby targets exist; and
   * the screen check (axe, stray text) at this width.
   */
  private void assertFitsAndLabelled() {
    long overflow = (Long) browser.script(
        "return document.documentElement.scrollWidth - window.innerWidth;");
    assertTrue(overflow <= 0, browser.heading() + ": the page is " + overflow
        + " px wider than the screen");
    @SuppressWarnings("unchecked")
    List<String> unnamed = (List<String>) browser.script("""
        const named = (el) => {
          if (el.labels && el.labels.length && [...el.labels].some(l => l.textContent.trim())) return true;
          if ((el.getAttribute('aria-label') || '').trim()) return true;
          const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
          if (ids.length && ids.every(id => document.getElementById(id))
              && ids.map(id => document.getElementById(id).textContent).join('').trim()) return true;
          return el.tagName === 'BUTTON' && el.textContent.trim() !== '';
        };
        const out = [];
        for (const el of document.querySelectorAll('input, select, textarea, button, [role=switch], [role=tab]')) {
          if (el.type === 'hidden' || el.closest('[hidden]') || el.getClientRects().length === 0) continue;
          if (!named(el)) out.push(el.id || el.name || el.outerHTML.slice(0, 60));
        }
        for (const el of document.querySelectorAll('[aria-describedby]')) {
          for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
            if (!document.getElementById(id)) out.push((el.id || el.tagName) + ' describedby missing ' + id);
          }
        }
        return out;""");
    assertEquals(List.of(), unnamed, browser.heading() + ": controls without a name");
    browser.checkScreen();
  }
}
