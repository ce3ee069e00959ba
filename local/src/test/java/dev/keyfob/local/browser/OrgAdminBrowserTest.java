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
import org.openqa.selenium.interactions.Actions;

/** What an org admin does in Organisation settings, and what their members then see. */
class OrgAdminBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  @Test
  void adminEnablesTwoFactorAfterConfirmingTheirPasswordAndAMemberMustEnrollAtNextSignIn() {
    // Ben has signed in before, so he is a member of the org.
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("ben", "org-rollout", "member", "pwd"), null)
        .expect(200);
    browser.signIn(Person.admin("ada", "org-rollout")).waitHeading("Welcome, ada").checkScreen();
    openAccessSecurity();
    assertEquals("false", browser.find(By.id("tfa-toggle")).getAttribute("aria-checked"));
    browser.waitText(By.id("tfa-rollout"), "0 of 2 members have set up two-factor authentication.");

    browser.click(By.id("tfa-toggle"));
    browser.waitText(By.cssSelector("dialog h2"), "Verify your password");
    browser.checkScreen();
    browser.type(By.cssSelector("dialog input[type=password]"), "correct horse battery staple");
    browser.click(By.cssSelector("dialog form button[type=submit]"));

    browser.waitText(By.id("access-messages"), "Two-factor authentication is now required in org-rollout.");
    assertEquals("true", browser.find(By.id("tfa-toggle")).getAttribute("aria-checked"));
    assertEquals("tfa-toggle", browser.focused(), "focus stays on the toggle");
    browser.waitText(By.id("tfa-since"), "last changed by ada");
    browser.waitText(By.id("access-messages"), "You have not set it up yourself yet");
    browser.checkScreen("2FA required");

    browser.signOut().signIn(Person.member("ben", "org-rollout"));
    browser.waitHeading("Set up two-factor authentication");
    browser.waitText(By.tagName("main"), "Your organisation org-rollout requires two-factor authentication.");
    browser.waitVisible(By.id("enroll-qr"));
  }

  @Test
  void adminWithAFactorConfirmsPasswordThenACodeToSetAGracePeriod() {
    Enrolled cara = KEYFOB.enroll("cara", "org-grace", "admin");
    browser.signIn(Person.admin("cara", "org-grace")).waitHeading("Two-factor authentication")
        .checkScreen();
    enterCode(cara);
    browser.waitHeading("Welcome, cara").checkScreen();
    openAccessSecurity();

    browser.type(By.id("tfa-grace"), "14");
    browser.click(By.id("tfa-toggle"));
    browser.type(By.cssSelector("dialog input[type=password]"), "hunter2hunter2");
    browser.click(By.cssSelector("dialog form button[type=submit]"));
    browser.waitText(By.cssSelector("dialog h2"), "Enter your code");
    browser.checkScreen();
    browser.type(By.cssSelector("dialog input[name=code]"), KEYFOB.oathtool().nextCode(cara.secret()));
    browser.click(By.cssSelector("dialog form button[type=submit]"));

    browser.waitText(By.id("access-messages"), "after a grace period of 14 days");
    assertEquals("14", browser.find(By.id("tfa-grace")).getAttribute("value"));
    Map<String, Object> security = KEYFOB.call("GET", "/v1/orgs/org-grace/security",
        mfaTokenOf(cara), null).expect(200).json();
    assertEquals(true, security.get("twoFactorRequired"));
    assertEquals(14, security.get("gracePeriodDays"));
  }

  @Test
  void adminWhoSignedInWithoutAPasswordIsToldToSetOneFirst() {
    browser.signIn(Person.admin("gus", "org-nopwd").signingInWith("magic_link", false))
        .waitHeading("Welcome, gus").checkScreen();
    openAccessSecurity();
    browser.click(By.id("tfa-toggle"));
    String error = browser.waitText(By.id("access-errors"), "Set a password first.");
    assertTrue(error.contains("Set a password in your personal settings first"),
        "the server's detail is shown: " + error);
    assertEquals("false", browser.find(By.id("tfa-toggle")).getAttribute("aria-checked"));
    assertTrue(browser.findAll(By.tagName("dialog")).isEmpty(), "no password dialog");
  }

  @Test
  void twoFactorToggleIsHiddenWithAnExplanationWhileSsoIsOn() {
    KEYFOB.enableSso("org-sso", "sso-admin");
    browser.signIn(Person.admin("sso-admin", "org-sso")).waitHeading("Welcome, sso-admin")
        .checkScreen();
    openAccessSecurity();
    browser.waitText(By.id("tfa-unavailable"), "Not available while single sign-on (SSO) is on.");
    assertTrue(browser.findAll(By.id("tfa-toggle")).isEmpty(), "no 2FA toggle");
    assertEquals("true", browser.find(By.id("sso-toggle")).getAttribute("aria-checked"));
  }

  @Test
  void adminResetsAMemberFromTheTwoFactorTabAndTheMemberMustEnrollAgain() {
    KEYFOB.requireTwoFactor("org-reset", "ivy");
    Enrolled ivy = KEYFOB.enroll("ivy", "org-reset", "admin");
    KEYFOB.enroll("jon", "org-reset", "member");
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("kim", "org-reset", "member", "pwd"), null)
        .expect(200);

    browser.signIn(Person.admin("ivy", "org-reset")).waitHeading("Two-factor authentication")
        .checkScreen();
    enterCode(ivy);
    browser.waitHeading("Welcome, ivy").checkScreen();
    openAccessSecurity();
    browser.click(By.id("tab-two-factor"));
    assertEquals("true", browser.find(By.id("tab-two-factor")).getAttribute("aria-selected"));
    browser.waitVisible(By.cssSelector("#members-table tr[data-user-id=kim]"));
    browser.waitVisible(By.cssSelector("#audit-events li"));
    browser.checkScreen();
    assertEquals(List.of("ivy", "jon", "kim"), memberIds());
    assertEquals("Set up", cell("jon", 2));

    browser.click(By.id("member-jon")).click(By.id("member-kim")).click(By.id("member-ivy"));
    browser.waitText(By.id("reset-count"), "3 members selected.");
    browser.type(By.id("reset-reason"), "Lost phone; identity checked on a video call");
    browser.click(By.id("reset-submit"));

    browser.waitText(By.id("reset-results"), "Results");
    assertEquals("RESET", resultStatus("jon"));
    assertEquals("NOT_ENROLLED", resultStatus("kim"));
    assertEquals("SELF", resultStatus("ivy"));
    browser.waitUntil(d -> cell("jon", 2).equals("Not set up"));

    // Newest first; one request may audit several members, in any order within it.
    WebElement newest = browser.waitVisible(By.cssSelector("#audit-events li:first-child"));
    assertEquals("ADMIN_RESET", newest.getAttribute("data-type"));
    WebElement jonsReset = browser.findAll(By.cssSelector("#audit-events li[data-type=ADMIN_RESET]"))
        .stream().filter(e -> e.getText().contains("for jon")).findFirst()
        .orElseThrow(() -> new AssertionError("no reset event for jon: " + browser.mainText()));
    assertTrue(jonsReset.getText().contains("Lost phone; identity checked on a video call"),
        jonsReset.getText());
    browser.checkScreen("after a reset");

    browser.signOut().signIn(Person.member("jon", "org-reset"));
    browser.waitHeading("Set up two-factor authentication");
  }

  @Test
  void aDoubleClickOnResetSendsOneRequestAndRecordsOneEvent() {
    Enrolled lia = KEYFOB.enroll("lia", "org-double", "admin");
    KEYFOB.enroll("max", "org-double", "member");
    browser.signIn(Person.admin("lia", "org-double")).waitHeading("Two-factor authentication")
        .checkScreen();
    enterCode(lia);
    browser.waitHeading("Welcome, lia").checkScreen();
    browser.open("/#/org/two-factor").waitHeading("Organisation settings");
    browser.waitVisible(By.cssSelector("#members-table tr[data-user-id=max]"));
    browser.checkScreen();
    browser.click(By.id("member-max"));
    browser.type(By.id("reset-reason"), "Lost phone; identity checked on a video call");
    int logMark = KEYFOB.serverLog().length();

    // Both clicks are dispatched, and any request they start is sent, before perform() returns.
    new Actions(browser.driver()).doubleClick(browser.find(By.id("reset-submit"))).perform();
    browser.waitText(By.id("reset-results"), "Results");
    assertEquals("RESET", resultStatus("max"));
    browser.waitVisible(By.cssSelector("#audit-events li[data-type=ADMIN_RESET]"));

    long resets = KEYFOB.serverLog().substring(logMark).lines()
        .filter(line -> line.contains("POST /v1/orgs/org-double/two-factor/resets")).count();
    assertEquals(1, resets, "one reset request");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events = (List<Map<String, Object>>) KEYFOB.call("GET",
        "/v1/orgs/org-double/audit-events", mfaTokenOf(lia), null).expect(200).json().get("events");
    assertEquals(1, events.stream().filter(e -> "ADMIN_RESET".equals(e.get("type"))).count(),
        "one ADMIN_RESET event: " + events);
  }

  @Test
  void memberListLoadsFurtherPages() {
    for (int i = 1; i <= 27; i++) {
      KEYFOB.call("GET", "/v1/me/two-factor",
          KEYFOB.token(String.format("m%02d", i), "org-many", "member", "pwd"), null).expect(200);
    }
    browser.signIn(Person.admin("zoe", "org-many")).waitHeading("Welcome, zoe").checkScreen();
    browser.open("/#/org/two-factor").waitHeading("Organisation settings");
    browser.waitVisible(By.id("members-more"));
    assertEquals(25, memberIds().size());
    browser.checkScreen("more members to load");
    browser.click(By.id("members-more"));
    browser.waitUntil(d -> memberIds().size() == 28);
    assertTrue(memberIds().contains("zoe"));
    assertTrue(browser.findAll(By.id("members-more")).stream().noneMatch(WebElement::isDisplayed));
  }

  @Test
  void ssoUserIsNeverAskedForASecondFactor() {
    KEYFOB.requireTwoFactor("org-sso-user", "boss-sso");
    int logMark = KEYFOB.serverLog().length();
    Person dev = new Person("dev", "org-sso-user", "member", "sso", false, false);
    browser.signIn(dev).waitHeading("Welcome, dev");
    browser.waitText(By.id("home-2fa"), "Handled by your SSO provider");
    browser.checkScreen("SSO");
    browser.click(By.linkText("Personal settings")).waitHeading("Personal settings");
    browser.waitText(By.id("settings-2fa-state"), "You signed in with SSO.");
    browser.checkScreen("SSO");
    assertTrue(browser.findAll(By.id("settings-setup")).isEmpty());

    browser.signOut().signIn(dev).waitHeading("Welcome, dev");
    assertTrue(KEYFOB.serverLog().substring(logMark).lines().noneMatch(l -> l.contains("/v1/me/two-factor/verify")
        || l.contains("/v1/me/two-factor/enrollment")), "no second-factor call was made");
  }

  @Test
  void supportStaffResetAnOrgAdminWhoLostTheirPhone() {
    KEYFOB.enroll("una", "org-support", "admin");
    // Support staff always use a second factor; an SSO sign-in carries the operator's own.
    browser.signIn(new Person("sam", "keyfob-support", "member", "sso", false, true))
        .waitHeading("Welcome, sam");
    browser.checkScreen();
    browser.click(By.linkText("Support")).waitHeading("Support: reset two-factor authentication")
        .checkScreen();
    browser.type(By.id("support-user"), "una");
    browser.type(By.id("support-ticket"), "T-1042");
    browser.type(By.id("support-reason"), "Only admin of org-support; identity checked by video");
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitText(By.id("support-result"), "una: Reset.");

    Map<String, Object> status = KEYFOB.call("GET", "/v1/me/two-factor",
        KEYFOB.token("una", "org-support", "admin", "pwd"), null).expect(200).json();
    assertEquals(false, status.get("enrolled"));
  }

  private void openAccessSecurity() {
    browser.click(By.linkText("Organisation settings")).waitHeading("Organisation settings");
    assertEquals("true", browser.find(By.id("tab-access-security")).getAttribute("aria-selected"));
    browser.waitVisible(By.id("tfa-title"));
    browser.checkScreen();
  }

  private void enterCode(Enrolled who) {
    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(who.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
  }

  /** The MFA token the page holds (from sessionStorage), to check the API's view. */
  private String mfaTokenOf(Enrolled who) {
    return (String) browser.script(
        "return JSON.parse(sessionStorage.getItem('keyfob-demo-session')).mfaToken;");
  }

  private List<String> memberIds() {
    return browser.findAll(By.cssSelector("#members-table tbody tr[data-user-id]")).stream()
        .map(r -> r.getAttribute("data-user-id")).toList();
  }

  private String cell(String userId, int column) {
    return browser.find(By.cssSelector("#members-table tr[data-user-id='" + userId + "'] > :nth-child("
        + (column + 1) + ")")).getText().trim();
  }

  private String resultStatus(String userId) {
    return browser.find(By.cssSelector("#reset-results li[data-user-id='" + userId + "']"))
        .getAttribute("data-status");
  }
}
