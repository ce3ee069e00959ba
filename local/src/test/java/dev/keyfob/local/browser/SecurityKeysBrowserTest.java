package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.local.browser.Browser.Person;
import dev.keyfob.local.browser.KeyfobUnderTest.Enrolled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * Security keys and passkeys, with Selenium's virtual authenticator in the browser: add one in
 * personal settings and sign in with it; set up with a passkey alone; rename and remove; and the
 * refusals a person can meet (a cloned key, a key no longer on the account, a lock).
 */
class SecurityKeysBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  private static final By SUBMIT = By.cssSelector("main form.second-factor button[type=submit]");

  @Test
  void memberAddsASecurityKeyAndSignsInWithItNextTime() {
    Enrolled kai = KEYFOB.enroll("kai", "org-keys", "member");
    Person person = Person.member("kai", "org-keys");
    browser.open("/").plugInSecurityKey();
    browser.signIn(person).waitHeading("Two-factor authentication").checkScreen();
    enterCode(kai);
    browser.waitHeading("Welcome, kai").checkScreen();
    openSettings();
    browser.waitVisible(By.id("keys-none"));
    browser.checkScreen("no keys");

    addKey("YubiKey 5C");
    browser.waitText(By.cssSelector("main [role=status]"), "“YubiKey 5C” is added.");
    WebElement key = keyItem("YubiKey 5C");
    assertTrue(key.getText().contains("Security key"), key.getText());
    assertEquals("Never", key.findElement(By.className("key__last-used")).getText());
    browser.waitText(By.id("settings-2fa-state"), "Authenticator app · 1 security key or passkey");
    browser.checkScreen("key added");

    // Next sign-in: the key is offered first, the app and a recovery code as alternatives.
    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    browser.waitText(By.cssSelector("main .lead"), "Use the security key or passkey you added");
    assertEquals("Use your security key", browser.find(SUBMIT).getText());
    assertEquals(List.of("Use your authenticator app instead", "Use a recovery code instead"), switches());
    assertTrue(browser.findAll(By.name("code")).stream().noneMatch(WebElement::isDisplayed),
        "no code field until the app is chosen");
    browser.checkScreen("security key first");
    browser.click(SUBMIT);
    browser.waitHeading("Welcome, kai");

    openSettings();
    browser.waitUntil(d -> !keyItem("YubiKey 5C").findElement(By.className("key__last-used"))
        .getText().equals("Never"));
  }

  @Test
  void aPasskeyAloneSetsUpTwoFactorAndNoCodeIsEverTheDefault() {
    KEYFOB.requireTwoFactor("org-passkey", "boss-passkey");
    Person pat = Person.member("pat", "org-passkey");
    browser.open("/").addPasskeyProvider();
    browser.signIn(pat).waitHeading("Set up two-factor authentication");
    browser.waitVisible(By.id("enroll-qr"));
    browser.checkScreen();
    browser.click(By.id("enroll-use-key"));
    browser.waitHeading("Set up a security key or passkey").checkScreen();
    browser.type(By.id("key-setup-name"), "Laptop passkey");
    browser.click(By.id("key-setup-add"));
    browser.waitHeading("Save your recovery codes").checkScreen("after a passkey");
    assertEquals(10, browser.findAll(By.cssSelector("#recovery-codes li")).size());
    browser.click(By.id("codes-saved")).click(By.id("codes-continue"));
    browser.waitHeading("Welcome, pat");
    browser.waitText(By.cssSelector("main [role=status]"), "on with your security key or passkey");
    browser.checkScreen("after a passkey");

    browser.signOut().signIn(pat).waitHeading("Two-factor authentication");
    assertEquals("Use your security key", browser.find(SUBMIT).getText());
    assertEquals(List.of("Use a recovery code instead"), switches(), "no authenticator app to offer");
    assertTrue(browser.findAll(By.name("code")).isEmpty(), "no app-code field at all");
    browser.checkScreen("passkey only");
    browser.click(SUBMIT);
    browser.waitHeading("Welcome, pat");

    openSettings();
    WebElement passkey = keyItem("Laptop passkey");
    assertTrue(passkey.getText().contains("Synced passkey"), passkey.getText());
    browser.waitText(By.id("settings-2fa-state"), "1 security key or passkey");
    browser.waitVisible(By.id("settings-add-app"));
    browser.checkScreen("passkey only");

    // The only factor cannot be removed on its own: the refusal says what to do instead.
    passkey.findElement(By.cssSelector("[data-action=remove]")).click();
    browser.waitText(By.cssSelector("dialog h2"), "Remove “Laptop passkey”?");
    browser.click(By.xpath("//dialog//button[normalize-space()='Remove']"));
    String refusal = browser.waitText(By.id("keys-errors"), "Not removed: it is your only second factor.");
    assertTrue(refusal.contains("Add an authenticator app or another key first"), refusal);
    browser.checkScreen("last factor");
    keyItem("Laptop passkey");
  }

  @Test
  void keysAreRenamedAndRemovedAndTheAppCanGoWhileAKeyStays() {
    Enrolled ren = KEYFOB.enroll("ren", "org-rename", "member");
    Person person = Person.member("ren", "org-rename");
    browser.open("/").plugInSecurityKey();
    browser.signIn(person).waitHeading("Two-factor authentication").checkScreen();
    enterCode(ren);
    browser.waitHeading("Welcome, ren").checkScreen();
    openSettings();
    addKey("Spare key");
    keyItem("Spare key").findElement(By.cssSelector("[data-action=rename]")).click();
    browser.waitText(By.cssSelector("dialog h2"), "Rename security key or passkey");
    assertEquals("Spare key", browser.find(By.cssSelector("dialog input[name=text]")).getAttribute("value"));
    browser.checkScreen();
    browser.type(By.cssSelector("dialog input[name=text]"), "Blue key");
    browser.click(By.xpath("//dialog//button[normalize-space()='Rename']"));
    browser.waitText(By.id("keys-messages"), "Renamed to “Blue key”.");
    keyItem("Blue key");
    browser.waitUntil(d -> "rename".equals(browser.script(
        "return document.activeElement.dataset.action || '';")));
    browser.checkScreen("renamed");

    keyItem("Blue key").findElement(By.cssSelector("[data-action=remove]")).click();
    browser.waitText(By.cssSelector("dialog h2"), "Remove “Blue key”?");
    browser.checkScreen();
    browser.click(By.xpath("//dialog//button[normalize-space()='Remove']"));
    browser.waitText(By.cssSelector("main [role=status]"), "“Blue key” is removed.");
    browser.waitVisible(By.id("keys-none"));
    browser.waitText(By.id("settings-2fa-state"), "On Authenticator app ·");

    // With a key again, the app can go; the key then is the way in.
    addKey("Only key");
    browser.click(By.id("settings-remove-app"));
    browser.waitText(By.cssSelector("dialog h2"), "Remove the authenticator app?");
    browser.checkScreen();
    browser.click(By.xpath("//dialog//button[normalize-space()='Remove the app']"));
    browser.waitText(By.cssSelector("main [role=status]"), "Your authenticator app is removed.");
    browser.waitText(By.id("settings-2fa-state"), "On 1 security key or passkey ·");
    browser.waitVisible(By.id("settings-add-app"));
    browser.checkScreen("app removed");

    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    assertEquals(List.of("Use a recovery code instead"), switches());
    browser.click(SUBMIT);
    browser.waitHeading("Welcome, ren");
  }

  @Test
  void aClonedKeyAndAKeyNoLongerOnTheAccountAreRefusedWithPlainWords() {
    Enrolled wes = KEYFOB.enroll("wes", "org-wrong", "member");
    Person person = Person.member("wes", "org-wrong");
    VirtualAuthenticator authenticator = browser.open("/").plugInSecurityKey();
    browser.signIn(person).waitHeading("Two-factor authentication");
    enterCode(wes);
    browser.waitHeading("Welcome, wes");
    openSettings();
    addKey("Wes’s key");
    browser.checkScreen("key added");
    browser.signOut();

    // A clone of the key: the same credential, with a signature counter from before.
    Credential original = authenticator.getCredentials().get(0);
    authenticator.removeAllCredentials();
    authenticator.addCredential(Credential.createNonResidentCredential(original.getId(),
        original.getRpId(), original.getPrivateKey(), 0));
    browser.signIn(person).waitHeading("Two-factor authentication");
    browser.click(SUBMIT);
    String alert = browser.waitText(By.cssSelector("main [role=alert]"),
        "Your security key's answer could not be accepted.");
    assertTrue(alert.contains("4 attempts left"), alert);
    browser.checkScreen("key refused");

    // The key is taken off the account elsewhere; another one stays. The browser finds no key it
    // knows, and the page says so.
    String mfa = KEYFOB.verify(wes, "member");
    KEYFOB.addSoftwareKey(new Enrolled(wes.sub(), wes.orgId(), wes.secret(), wes.recoveryCodes(), mfa),
        "Office key");
    removeKeyThroughTheApi(mfa, "Wes’s key");
    browser.signOut().signIn(person).waitHeading("Two-factor authentication");
    browser.click(SUBMIT);
    browser.waitText(By.cssSelector("main [role=alert]"),
        "Your security key or passkey did not answer. The request was cancelled or timed out, or the key you used is not registered for your account.");
    browser.checkScreen("key not answering");

    // The app still works.
    browser.click(By.xpath("//button[normalize-space()='Use your authenticator app instead']"));
    enterCode(wes);
    browser.waitHeading("Welcome, wes");
  }

  @Test
  void aLockedKeyShowsItsCountdownAndTheAppStillWorks() {
    Enrolled liv = KEYFOB.enroll("liv", "org-keylock", "member");
    KEYFOB.addSoftwareKey(liv, "Liv’s key");
    String token = KEYFOB.token("liv", "org-keylock", "member", "pwd");
    for (int i = 0; i < 5; i++) {
      @SuppressWarnings("unchecked")
      String assertionId = (String) KEYFOB.call("POST", "/v1/me/two-factor/webauthn/assertions",
          token, Map.of()).expect(201).json().get("assertionId");
      KEYFOB.call("POST", "/v1/me/two-factor/webauthn/assertions/verify", token, Map.of(
          "assertionId", assertionId,
          "credential", Map.of("id", "AAAA", "rawId", "AAAA", "type", "public-key", "response",
              Map.of("clientDataJSON", "AAAA", "authenticatorData", "AAAA", "signature", "AAAA"))))
          .expect(401);
    }

    browser.open("/").plugInSecurityKey();
    browser.signIn(Person.member("liv", "org-keylock")).waitHeading("Two-factor authentication");
    int left = Integer.parseInt(browser.waitVisible(By.cssSelector("main .lock .countdown"))
        .getAttribute("data-seconds"));
    assertTrue(left > 30 && left <= 61, "a 60 s lock: " + left);
    assertEquals("true", browser.find(SUBMIT).getAttribute("aria-disabled"));
    browser.checkScreen("key locked");

    browser.click(By.xpath("//button[normalize-space()='Use your authenticator app instead']"));
    assertTrue(browser.findAll(By.cssSelector("main .lock")).stream().noneMatch(WebElement::isDisplayed),
        "the app has no lock");
    enterCode(liv);
    browser.waitHeading("Welcome, liv");
  }

  private void openSettings() {
    browser.click(By.linkText("Personal settings")).waitHeading("Personal settings");
  }

  private void addKey(String name) {
    browser.type(By.id("keys-name"), name);
    browser.click(By.id("keys-add"));
    browser.waitHeading("Personal settings");
    keyItem(name);
  }

  /** The settings' list item of the key with this name, once it shows. */
  private WebElement keyItem(String name) {
    return browser.waitUntil(d -> d.findElements(By.cssSelector("#keys-list li.key")).stream()
        .filter(li -> li.findElement(By.className("key__name")).getText().equals(name))
        .findFirst().orElse(null));
  }

  private List<String> switches() {
    return browser.findAll(By.cssSelector("main .second-factor__switch button")).stream()
        .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
  }

  private void enterCode(Enrolled who) {
    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(who.secret()));
    browser.click(SUBMIT);
  }

  @SuppressWarnings("unchecked")
  private void removeKeyThroughTheApi(String mfaToken, String name) {
    List<Map<String, Object>> keys = (List<Map<String, Object>>) KEYFOB.call("GET",
        "/v1/me/two-factor/webauthn/credentials", mfaToken, null).expect(200).json().get("credentials");
    String id = (String) keys.stream().filter(k -> name.equals(k.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no key named " + name + ": " + keys))
        .get("credentialId");
    KEYFOB.call("DELETE", "/v1/me/two-factor/webauthn/credentials/" + id, mfaToken, null).expect(200);
  }
}
