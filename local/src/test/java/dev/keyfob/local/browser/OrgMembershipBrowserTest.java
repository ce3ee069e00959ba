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

/**
 * Membership on the 2FA tab: a member who also belongs to another organisation is shown as such
 * and an admin's reset of them is refused with the reason; removing a member takes them off the
 * list. The methods column tells the app from security keys.
 */
class OrgMembershipBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  @Test
  void anAdminsResetOfAMemberAlsoInAnotherOrganisationIsRefusedWithTheReason() {
    Enrolled ivo = KEYFOB.enroll("ivo", "org-multi", "admin");
    Enrolled lou = KEYFOB.enroll("lou", "org-multi", "member");
    KEYFOB.addSoftwareKey(lou, "Lou’s key");
    // Lou also signs in to another organisation's product.
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("lou", "org-other", "member", "pwd"), null)
        .expect(200);

    signInAndOpenTheTwoFactorTab(ivo, "lou");
    assertEquals("Also in other organisations: reset through support",
        browser.find(By.id("member-lou-other-orgs")).getText());
    assertEquals("App, 1 key", cell("lou", 3));
    assertEquals("App", cell("ivo", 3));
    browser.checkScreen();

    browser.click(By.id("member-lou"));
    String note = browser.waitText(By.id("reset-other-orgs"), "lou also belongs to other organisations.");
    assertTrue(note.contains("Admins can only reset members who belong to this organisation alone"), note);
    browser.checkScreen("member of other organisations selected");
    browser.type(By.id("reset-reason"), "Lost phone; identity checked on a video call");
    browser.click(By.id("reset-submit"));
    String result = browser.waitText(By.cssSelector("#reset-results li[data-user-id=lou]"), "Not reset");
    assertEquals("OTHER_ORGS", browser.find(By.cssSelector("#reset-results li[data-user-id=lou]"))
        .getAttribute("data-status"));
    assertTrue(result.contains("admins can only reset members who belong to this organisation alone"), result);
    assertTrue(result.contains("Ask keyfob support"), result);
    browser.checkScreen("reset refused");
    assertEquals(true, KEYFOB.call("GET", "/v1/me/two-factor",
        KEYFOB.token("lou", "org-multi", "member", "pwd"), null).expect(200).json().get("enrolled"));
  }

  @Test
  void removingAMemberTakesThemOffTheList() {
    Enrolled ola = KEYFOB.enroll("ola", "org-leave", "admin");
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("pip", "org-leave", "member", "pwd"), null)
        .expect(200);
    KEYFOB.call("GET", "/v1/me/two-factor", KEYFOB.token("quy", "org-leave", "member", "pwd"), null)
        .expect(200);

    signInAndOpenTheTwoFactorTab(ola, "quy");
    assertEquals(List.of("ola", "pip", "quy"), memberIds());
    browser.click(By.id("member-pip"));
    browser.click(By.id("remove-submit"));
    browser.waitText(By.cssSelector("dialog h2"), "Remove 1 member from org-leave?");
    browser.waitText(By.cssSelector("dialog"), "Their two-factor authentication is not changed.");
    browser.checkScreen();
    browser.click(By.xpath("//dialog//button[normalize-space()='Remove from organisation']"));

    browser.waitText(By.cssSelector("#remove-results li[data-user-id=pip]"), "pip: Removed from org-leave.");
    browser.waitUntil(d -> memberIds().equals(List.of("ola", "quy")));
    browser.waitVisible(By.cssSelector("#audit-events li[data-type=MEMBER_REMOVED]"));
    browser.checkScreen("member removed");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) KEYFOB.call("GET",
        "/v1/orgs/org-leave/members", KEYFOB.verify(ola, "admin"), null).expect(200).json()
        .get("members");
    assertTrue(members.stream().noneMatch(m -> "pip".equals(m.get("userId"))), members.toString());
  }

  private void signInAndOpenTheTwoFactorTab(Enrolled admin, String lastMember) {
    browser.signIn(Person.admin(admin.sub(), admin.orgId())).waitHeading("Two-factor authentication")
        .checkScreen();
    browser.type(By.name("code"), KEYFOB.oathtool().nextCode(admin.secret()));
    browser.click(By.cssSelector("main form button[type=submit]"));
    browser.waitHeading("Welcome, " + admin.sub()).checkScreen();
    browser.open("/#/org/two-factor").waitHeading("Organisation settings");
    browser.waitVisible(By.cssSelector("#members-table tr[data-user-id=" + lastMember + "]"));
    browser.waitVisible(By.cssSelector("#audit-events li"));
  }

  private List<String> memberIds() {
    return browser.findAll(By.cssSelector("#members-table tbody tr[data-user-id]")).stream()
        .map(r -> r.getAttribute("data-user-id")).toList();
  }

  private String cell(String userId, int column) {
    return browser.find(By.cssSelector("#members-table tr[data-user-id='" + userId + "'] > :nth-child("
        + (column + 1) + ")")).getText().trim();
  }
}
