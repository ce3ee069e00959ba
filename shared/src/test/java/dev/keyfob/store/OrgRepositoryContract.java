package dev.keyfob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyfob.store.OrgRepository.MemberCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link OrgRepository}: settings saved only under the toggles as read, members
 * and audit events a page at a time with the same cursors, counts. Run on DynamoDB (the
 * emulator) and on the in-memory fake by the two subclasses.
 */
abstract class OrgRepositoryContract extends StorageContract {

  static final OrgSettings TWO_FACTOR = new OrgSettings(ORG, true, false, 7, NOW, "admin", NOW,
      14, null);

  @Test
  void anOrgNeverSavedHasTheDefaults() {
    assertEquals(OrgSettings.defaults(ORG), orgs.settings(ORG));
  }

  @Test
  void savedSettingsAreReadBackToTheMillisecondWithTheSideEffects() {
    SideEffects effects = effects();
    orgs.saveSettings(OrgSettings.defaults(ORG), TWO_FACTOR, effects);
    assertEquals(new OrgSettings(ORG, true, false, 7, millis(NOW), "admin", millis(NOW), 14,
        null), orgs.settings(ORG));
    assertEquals(OrgSettings.defaults(OTHER_ORG), orgs.settings(OTHER_ORG));
    assertEquals(effects.events().get(0).id(), orgs.auditEvents(ORG, 1, null).items().get(0).id());
    assertEquals(1, accounts.membershipsOf(ALICE).size());
  }

  @Test
  void switchingOffRemovesTheEnforcementStartAndKeepsWhenDevicesWereForgotten() {
    Instant forgotten = NOW.plusSeconds(10);
    OrgSettings forgetting = new OrgSettings(ORG, true, false, 7, NOW, "admin", NOW, 0,
        forgotten);
    orgs.saveSettings(OrgSettings.defaults(ORG), forgetting, SideEffects.NONE);
    OrgSettings off = new OrgSettings(ORG, false, true, 0, null, "other", NOW.plusSeconds(20),
        5, null);
    orgs.saveSettings(orgs.settings(ORG), off, SideEffects.NONE);
    assertEquals(new OrgSettings(ORG, false, true, 0, null, "other",
        millis(NOW.plusSeconds(20)), 5, millis(forgotten)), orgs.settings(ORG));
  }

  @Test
  void savingUnderA2faToggleThatChangedIsRefused() {
    OrgSettings defaults = OrgSettings.defaults(ORG);
    orgs.saveSettings(defaults, TWO_FACTOR, SideEffects.NONE);
    refused(() -> orgs.saveSettings(defaults, sso(), effects()));
    OrgSettings on = orgs.settings(ORG);
    orgs.saveSettings(on, off(on), SideEffects.NONE);
    refused(() -> orgs.saveSettings(on, TWO_FACTOR, effects()));
  }

  @Test
  void savingUnderAnSsoToggleThatChangedIsRefused() {
    OrgSettings defaults = OrgSettings.defaults(ORG);
    orgs.saveSettings(defaults, sso(), SideEffects.NONE);
    refused(() -> orgs.saveSettings(defaults, TWO_FACTOR, effects()));
    OrgSettings withSso = orgs.settings(ORG);
    orgs.saveSettings(withSso, off(withSso), SideEffects.NONE);
    refused(() -> orgs.saveSettings(withSso, sso(), effects()));
  }

  @Test
  void anOrgNeverSavedCanBeSavedFromItsDefaultsAndOnlyFromThem() {
    refused(() -> orgs.saveSettings(TWO_FACTOR, sso(), effects()));
    orgs.saveSettings(OrgSettings.defaults(ORG), TWO_FACTOR, SideEffects.NONE);
    assertEquals(true, orgs.settings(ORG).twoFactorRequired());
  }

  @Test
  void membersComeInUserIdOrderAPageAtATime() {
    for (String userId : List.of("dave", "bob", "erin", "alice", "carol")) {
      accounts.recordMembership(new Membership(userId, ORG, userId + "@acme.example", NOW));
    }
    accounts.recordMembership(new Membership("zed", OTHER_ORG, null, NOW));
    Page<Membership> first = orgs.members(ORG, 2, null);
    assertEquals(List.of("alice", "bob"), userIds(first));
    assertEquals("bob", first.nextKey());
    Page<Membership> second = orgs.members(ORG, 2, first.nextKey());
    assertEquals(List.of("carol", "dave"), userIds(second));
    assertEquals("dave", second.nextKey());
    Page<Membership> last = orgs.members(ORG, 2, second.nextKey());
    assertEquals(List.of("erin"), userIds(last));
    assertNull(last.nextKey());
    assertEquals("alice@acme.example", first.items().get(0).email());
    assertEquals(millis(NOW), first.items().get(0).firstSeenAt());
  }

  @Test
  void aLastPageThatIsFullHasNoCursor() {
    for (String userId : List.of("alice", "bob", "carol", "dave")) {
      accounts.recordMembership(new Membership(userId, ORG, null, NOW));
    }
    Page<Membership> all = orgs.members(ORG, 4, null);
    assertEquals(4, all.items().size());
    assertNull(all.nextKey());
    Page<Membership> rest = orgs.members(ORG, 2, "bob");
    assertEquals(List.of("carol", "dave"), userIds(rest));
    assertNull(rest.nextKey());
    assertEquals(List.of(), orgs.members(OTHER_ORG, 5, null).items());
    assertNull(orgs.members(OTHER_ORG, 5, null).nextKey());
  }

  @Test
  void aForgottenMemberIsNoLongerListed() {
    accounts.recordMembership(new Membership("alice", ORG, null, NOW));
    accounts.recordMembership(new Membership("bob", ORG, null, NOW));
    accounts.forgetMembership("alice", ORG, SideEffects.NONE);
    assertEquals(List.of("bob"), userIds(orgs.members(ORG, 10, null)));
  }

  @Test
  void memberCountsCountMembersAndThoseWithAFactor() {
    assertEquals(new MemberCounts(0, 0), orgs.memberCounts(ORG));
    for (String userId : List.of("alice", "bob", "carol")) {
      accounts.recordMembership(new Membership(userId, ORG, null, NOW));
    }
    accounts.recordMembership(new Membership("dave", OTHER_ORG, null, NOW));
    PendingEnrollment p = pending("alice", 0L);
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    accounts.completeEnrollment(UserState.empty("alice"), p, STEP, codes("h"), true, NOW, "w",
        SideEffects.NONE);
    PendingEnrollment d = pending("dave", 0L);
    accounts.replacePendingEnrollment(d, SideEffects.NONE);
    accounts.completeEnrollment(UserState.empty("dave"), d, STEP, codes("h"), true, NOW, "w",
        SideEffects.NONE);
    assertEquals(new MemberCounts(3, 1), orgs.memberCounts(ORG));
    assertEquals(new MemberCounts(1, 1), orgs.memberCounts(OTHER_ORG));
  }

  @Test
  void auditEventsComeNewestFirstAPageAtATime() {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(event(ORG, NOW.plus(Duration.ofSeconds(i))));
    }
    orgs.appendAuditEvents(events); // more than one batch
    orgs.appendAuditEvents(List.of(event(OTHER_ORG)));
    List<String> newestFirst = events.stream().map(AuditEvent::id)
        .sorted(java.util.Comparator.reverseOrder()).toList();
    Page<AuditEvent> first = orgs.auditEvents(ORG, 20, null);
    assertEquals(newestFirst.subList(0, 20), ids(first));
    assertEquals(newestFirst.get(19), first.nextKey());
    Page<AuditEvent> second = orgs.auditEvents(ORG, 20, first.nextKey());
    assertEquals(newestFirst.subList(20, 30), ids(second));
    assertNull(second.nextKey());
    Page<AuditEvent> exact = orgs.auditEvents(ORG, 10, newestFirst.get(19));
    assertEquals(newestFirst.subList(20, 30), ids(exact));
    assertNull(exact.nextKey(), "a full last page has no cursor");
    AuditEvent read = first.items().get(0);
    AuditEvent written = events.get(29);
    assertEquals(Arrays.asList(written.type(), millis(written.at()), written.actorId(),
        written.targetUserId(), written.details()), Arrays.asList(read.type(), read.at(),
        read.actorId(), read.targetUserId(), read.details()));
    assertEquals(1, orgs.auditEvents(OTHER_ORG, 20, null).items().size());
  }

  @Test
  void anEventAppendedAgainIsStoredOnce() {
    AuditEvent event = event(ORG);
    orgs.appendAuditEvents(List.of(event));
    orgs.appendAuditEvents(List.of(event));
    assertEquals(List.of(event.id()), ids(orgs.auditEvents(ORG, 10, null)));
    orgs.appendAuditEvents(List.of());
    assertEquals(1, orgs.auditEvents(ORG, 10, null).items().size());
  }

  private static OrgSettings sso() {
    return new OrgSettings(ORG, false, true, 0, null, "admin", NOW, 0, null);
  }

  private static OrgSettings off(OrgSettings s) {
    return new OrgSettings(ORG, false, false, 0, null, "admin", NOW, s.rememberDeviceDays(),
        null);
  }

  private static List<String> userIds(Page<Membership> page) {
    return page.items().stream().map(Membership::userId).toList();
  }

  private static List<String> ids(Page<AuditEvent> page) {
    return page.items().stream().map(AuditEvent::id).toList();
  }

  /** The org's settings, alice's memberships and the audit trail, as read. */
  private List<Object> everything() {
    return Arrays.asList(orgs.settings(ORG), accounts.membershipsOf(ALICE),
        orgs.auditEvents(ORG, 100, null).items());
  }

  private void refused(Executable write) {
    assertRefused(this::everything, write);
  }
}
