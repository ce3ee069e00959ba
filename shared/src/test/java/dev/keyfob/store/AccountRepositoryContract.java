package dev.keyfob.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link AccountRepository}: what each method reads and writes, and that each
 * condition of each write, when it no longer holds, refuses the whole write (side effects
 * included) with {@link ConcurrentUpdateException}. Run on DynamoDB (the emulator) and on the
 * in-memory fake by the two subclasses.
 */
abstract class AccountRepositoryContract extends StorageContract {

  // -- Reading.

  @Test
  void aUserNeverStoredIsEmptyAndAnUnsavedOrgHasDefaults() {
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.NONE);
    assertEquals(UserState.empty(ALICE), s.state());
    assertFalse(s.state().hasFactor());
    assertNull(s.pending());
    assertNull(s.registration());
    assertNull(s.assertion());
    assertNull(s.membership());
    assertEquals(OrgSettings.defaults(ORG), s.org());
    assertNull(s.credential());
    assertNull(s.credentialOwner());
    assertNull(s.device());
    assertEquals(List.of(), accounts.credentials(ALICE));
    assertEquals(List.of(), accounts.membershipsOf(ALICE));
  }

  @Test
  void loadReadsTheCallersItemsAndWhatTheLookupsName() {
    UserState alice = enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    accounts.recordMembership(new Membership(ALICE, ORG, "alice@acme.example", NOW));
    OrgSettings settings = new OrgSettings(ORG, true, false, 7, NOW, "admin", NOW, 14, null);
    orgs.saveSettings(OrgSettings.defaults(ORG), settings, SideEffects.NONE);
    PendingEnrollment pending = pending(ALICE, state(ALICE).factorVersion());
    accounts.replacePendingEnrollment(pending, SideEffects.NONE);
    PendingRegistration registration = registration(ALICE, state(ALICE).factorVersion());
    accounts.replacePendingRegistration(registration, SideEffects.NONE);
    PendingAssertion assertion = assertion(ALICE);
    accounts.replacePendingAssertion(assertion, SideEffects.NONE);
    UserState current = state(ALICE);
    RememberedDevice device = device(ALICE, "hash-1", current.factorVersion());
    accounts.replaceDevices(current, current.devices().with(device, List.of()), "w-device",
        SideEffects.NONE);

    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(key.key()));
    assertEquals(alice.totp(), s.state().totp());
    assertEquals(Set.of(key.key()), s.state().credentials().keySet());
    assertEquals(pending, s.pending());
    assertArrayEquals(pending.secret(), s.pending().secret());
    assertEquals(pending.factorVersion(), s.pending().factorVersion());
    assertEquals(millis(pending.expiresAt()), s.pending().expiresAt());
    assertEquals(registration, s.registration());
    assertArrayEquals(registration.challenge(), s.registration().challenge());
    assertEquals(assertion, s.assertion());
    assertArrayEquals(assertion.challenge(), s.assertion().challenge());
    assertEquals(new Membership(ALICE, ORG, "alice@acme.example", millis(NOW)), s.membership());
    assertEquals(new OrgSettings(ORG, true, false, 7, millis(NOW), "admin", millis(NOW), 14,
        null), s.org());
    assertEquals(key, s.credential());
    assertArrayEquals(key.publicKeyCose(), s.credential().publicKeyCose());
    assertEquals(ALICE, s.credentialOwner());
    assertNull(s.device(), "only when named");
    assertEquals(Lookups.credential(key.key()), s.lookups());

    AccountSnapshot withDevice = accounts.load(ALICE, ORG, Lookups.device("hash-1"));
    assertEquals(new RememberedDevice("hash-1", ALICE, ORG, current.factorVersion(),
        millis(NOW), millis(device.expiresAt())), withDevice.device());
    assertNull(withDevice.credential());
    assertNull(accounts.load(ALICE, ORG, Lookups.device("hash-2")).device());
  }

  @Test
  void aCredentialOfAnotherUserIsNotTheCallersButItsOwnerIsRead() {
    enrollApp(BOB);
    WebAuthnCredential bobs = addKey(BOB, 1);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(bobs.key()));
    assertNull(s.credential());
    assertEquals(BOB, s.credentialOwner());
  }

  @Test
  void statesComeInTheOrderAskedWithMissingUsersEmpty() {
    UserState alice = enrollApp(ALICE);
    List<UserState> states = accounts.states(List.of(BOB, ALICE, "carol", ALICE));
    assertEquals(List.of(UserState.empty(BOB), alice, UserState.empty("carol"), alice), states);
  }

  @Test
  void theStateKeepsTimesToTheMillisecondAndEverythingWritten() {
    UserState alice = enrollApp(ALICE);
    assertEquals(1, alice.factorVersion());
    assertEquals(millis(NOW), alice.totp().enrolledAt());
    assertEquals(millis(NOW), alice.lastVerifiedAt());
    assertEquals(STEP, alice.lastStep());
    assertEquals("w-enroll", alice.lastWriteId());
    assertEquals(codes("h").hashes(), alice.recoveryHashes());
    assertEquals(1000, alice.recoveryCodes().iterations());
    assertArrayEquals(codes("h").salt(), alice.recoveryCodes().salt());
    assertArrayEquals(bytes(40, 7), alice.secret());
  }

  @Test
  void membershipsAreReadForAnOrgAndAcrossOrgs() {
    accounts.recordMembership(new Membership(ALICE, ORG, "alice@acme.example", NOW));
    accounts.recordMembership(new Membership(ALICE, OTHER_ORG, null, NOW));
    accounts.recordMembership(new Membership(BOB, ORG, null, NOW));
    Map<String, Membership> members = accounts.memberships(ORG, List.of(ALICE, BOB, "carol"));
    assertEquals(Set.of(ALICE, BOB), members.keySet());
    assertEquals("alice@acme.example", members.get(ALICE).email());
    assertEquals(List.of(ORG, OTHER_ORG), accounts.membershipsOf(ALICE).stream()
        .map(Membership::orgId).toList());
    assertTrue(accounts.memberOfAnotherOrg(ALICE, ORG));
    assertTrue(accounts.memberOfAnotherOrg(ALICE, OTHER_ORG));
    assertFalse(accounts.memberOfAnotherOrg(BOB, ORG));
    assertTrue(accounts.memberOfAnotherOrg(BOB, OTHER_ORG));
    assertFalse(accounts.memberOfAnotherOrg("carol", ORG));
  }

  @Test
  void recordingAgainKeepsTheFirstSightingAndTakesTheNewEmail() {
    accounts.recordMembership(new Membership(ALICE, ORG, "old@acme.example", NOW));
    accounts.recordMembership(new Membership(ALICE, ORG, "new@acme.example",
        NOW.plus(Duration.ofDays(1))));
    assertEquals(new Membership(ALICE, ORG, "new@acme.example", millis(NOW)),
        accounts.membershipsOf(ALICE).get(0));
    accounts.recordMembership(new Membership(ALICE, ORG, null, NOW.plus(Duration.ofDays(2))));
    assertNull(accounts.membershipsOf(ALICE).get(0).email(), "no email is no email");
  }

  @Test
  void forgettingAMembershipTakesItAndTheOrgOutWithTheSideEffects() {
    enrollApp(ALICE);
    accounts.recordMembership(new Membership(ALICE, ORG, null, NOW));
    accounts.recordMembership(new Membership(ALICE, OTHER_ORG, null, NOW));
    AuditEvent event = event(ORG);
    accounts.forgetMembership(ALICE, OTHER_ORG, SideEffects.of(null, event));
    assertEquals(List.of(ORG), accounts.membershipsOf(ALICE).stream()
        .map(Membership::orgId).toList());
    assertFalse(accounts.memberOfAnotherOrg(ALICE, ORG));
    assertEquals(List.of(event.id()), eventIds(ORG));
    // The org left the user's set of orgs too: an admin reset of this org is allowed again.
    accounts.reset(state(ALICE), ORG, "w-reset", SideEffects.NONE);
    assertEquals(2, state(ALICE).factorVersion());
  }

  @Test
  void forgettingAMembershipThatIsNotThereIsRefused() {
    accounts.recordMembership(new Membership(ALICE, ORG, null, NOW));
    assertRefused(() -> everything(ALICE),
        () -> accounts.forgetMembership(ALICE, OTHER_ORG, SideEffects.of(null, event(ORG))));
  }

  // -- TOTP.

  @Test
  void acceptingAStepRecordsItClearsTotpFailuresAndWritesTheSideEffects() {
    UserState alice = failTotp(enrollApp(ALICE), 2);
    SideEffects effects = effects();
    accounts.acceptTotp(alice, STEP + 1, NOW.plusSeconds(30), null, "w-accept", effects);
    UserState after = state(ALICE);
    assertEquals(STEP + 1, after.lastStep());
    assertEquals(0, after.failures(FailureKind.TOTP));
    assertNull(after.lockedUntil(FailureKind.TOTP));
    assertEquals(millis(NOW.plusSeconds(30)), after.lastVerifiedAt());
    assertEquals("w-accept", after.lastWriteId());
    assertEquals(alice.factorVersion(), after.factorVersion());
    assertSideEffectsWritten(effects);
  }

  @Test
  void acceptingAStepNotAboveTheLastIsRefused() {
    UserState alice = enrollApp(ALICE);
    refused(() -> accounts.acceptTotp(alice, STEP, NOW, null, "w", effects()));
    refused(() -> accounts.acceptTotp(alice, STEP - 1, NOW, null, "w", effects()));
  }

  @Test
  void acceptingAStepAfterTheFactorVersionChangedIsRefused() {
    UserState stale = enrollApp(ALICE);
    accounts.replaceRecoveryCodes(stale, codes("x"), "w", SideEffects.NONE);
    accounts.removeFactor(state(ALICE), "w", SideEffects.NONE);
    enrollApp(ALICE);
    refused(() -> accounts.acceptTotp(stale, STEP + 5, NOW, null, "w", effects()));
  }

  @Test
  void acceptingAStepWithoutAnAppIsRefused() {
    enrollApp(ALICE);
    addKey(ALICE, 1);
    accounts.removeTotp(state(ALICE), "w", SideEffects.NONE);
    UserState keysOnly = state(ALICE);
    refused(() -> accounts.acceptTotp(keysOnly, STEP + 1, NOW, null, "w", effects()));
    UserState never = state(BOB);
    assertRefused(() -> everything(BOB),
        () -> accounts.acceptTotp(never, STEP, NOW, null, "w", effects()));
  }

  @Test
  void acceptingAStepAfterAnotherFailureWasCountedIsRefused() {
    UserState alice = enrollApp(ALICE);
    failTotp(alice, 1);
    refused(() -> accounts.acceptTotp(alice, STEP + 1, NOW, null, "w", effects()));
  }

  @Test
  void acceptingAStepDuringATimedLockIsRefusedAndAtItsEndAllowed() {
    UserState alice = enrollApp(ALICE);
    Instant until = NOW.plusSeconds(60);
    accounts.recordFailure(alice, FailureKind.TOTP, NOW, until, "w", SideEffects.NONE);
    UserState locked = state(ALICE);
    refused(() -> accounts.acceptTotp(locked, STEP + 1, until.minusMillis(1), null, "w",
        effects()));
    accounts.acceptTotp(locked, STEP + 1, until, null, "w", SideEffects.NONE);
    assertEquals(0, state(ALICE).failures(FailureKind.TOTP));
  }

  @Test
  void acceptingAStepWithDevicesChangesTheListUnderItsVersion() {
    UserState alice = enrollApp(ALICE);
    RememberedDevice device = device(ALICE, "hash-1", 1);
    accounts.acceptTotp(alice, STEP + 1, NOW, alice.devices().with(device, List.of()), "w",
        SideEffects.NONE);
    UserState after = state(ALICE);
    assertEquals(1, after.devices().version());
    assertTrue(after.devices().contains("hash-1"));
    assertNotNull(accounts.load(ALICE, ORG, Lookups.device("hash-1")).device());
    // A sign-in that read the list before is refused, whatever else it would write.
    refused(() -> accounts.acceptTotp(withDevicesOf(after, alice), STEP + 2, NOW,
        alice.devices().with(device(ALICE, "hash-2", 1), List.of()), "w", effects()));
    assertNull(accounts.load(ALICE, ORG, Lookups.device("hash-2")).device());
  }

  // -- Failures.

  @Test
  void aFailureIsCountedAndMayStartATimedLock() {
    UserState alice = enrollApp(ALICE);
    SideEffects effects = effects();
    accounts.recordFailure(alice, FailureKind.RECOVERY_CODE, NOW, null, "w-1", effects);
    assertEquals(1, state(ALICE).failures(FailureKind.RECOVERY_CODE));
    assertNull(state(ALICE).lockedUntil(FailureKind.RECOVERY_CODE));
    assertEquals(0, state(ALICE).failures(FailureKind.TOTP), "kinds are counted apart");
    assertSideEffectsWritten(effects);
    Instant until = NOW.plus(Duration.ofMinutes(15));
    accounts.recordFailure(state(ALICE), FailureKind.RECOVERY_CODE, NOW, until, "w-2",
        SideEffects.NONE);
    UserState after = state(ALICE);
    assertEquals(2, after.failures(FailureKind.RECOVERY_CODE));
    assertEquals(millis(until), after.lockedUntil(FailureKind.RECOVERY_CODE));
    assertEquals("w-2", after.lastWriteId());
    // After the lock, a failure without a new lock keeps the old lock's end.
    accounts.recordFailure(after, FailureKind.RECOVERY_CODE, until, null, "w-3",
        SideEffects.NONE);
    assertEquals(3, state(ALICE).failures(FailureKind.RECOVERY_CODE));
    assertEquals(millis(until), state(ALICE).lockedUntil(FailureKind.RECOVERY_CODE));
  }

  @Test
  void aFailureCountedFromAStaleCountIsRefused() {
    UserState alice = enrollApp(ALICE);
    failTotp(alice, 1);
    refused(() -> accounts.recordFailure(alice, FailureKind.TOTP, NOW, null, "w", effects()));
  }

  @Test
  void aFailureDuringATimedLockIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.recordFailure(alice, FailureKind.TOTP, NOW, NOW.plusSeconds(60), "w",
        SideEffects.NONE);
    UserState locked = state(ALICE);
    refused(() -> accounts.recordFailure(locked, FailureKind.TOTP, NOW.plusSeconds(59), null,
        "w", effects()));
  }

  @Test
  void aFailureAfterTheFactorVersionChangedIsRefused() {
    UserState stale = enrollApp(ALICE);
    accounts.removeFactor(stale, "w", SideEffects.NONE);
    UserState removed = state(ALICE);
    assertRefused(() -> everything(ALICE), () -> accounts.recordFailure(
        withVersion(removed, stale.factorVersion()), FailureKind.TOTP, NOW, null, "w",
        effects()));
  }

  // -- Recovery codes.

  @Test
  void usingACodeTakesItOutAndClearsRecoveryFailures() {
    UserState alice = enrollApp(ALICE);
    accounts.recordFailure(alice, FailureKind.RECOVERY_CODE, NOW, null, "w", SideEffects.NONE);
    SideEffects effects = effects();
    accounts.consumeRecoveryCode(state(ALICE), "h3", false, NOW, null, "w-code", effects);
    UserState after = state(ALICE);
    assertEquals(9, after.recoveryHashes().size());
    assertFalse(after.recoveryHashes().contains("h3"));
    assertEquals(0, after.failures(FailureKind.RECOVERY_CODE));
    assertTrue(after.hasTotp());
    assertEquals(alice.factorVersion(), after.factorVersion());
    assertEquals("w-code", after.lastWriteId());
    assertSideEffectsWritten(effects);
  }

  @Test
  void theLastCodeRemovesEveryMethodWithTheDevicesAsGiven() {
    UserState alice = enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    accounts.replacePendingEnrollment(pending(ALICE, 1L), SideEffects.NONE);
    accounts.replacePendingRegistration(registration(ALICE, 1), SideEffects.NONE);
    accounts.replacePendingAssertion(assertion(ALICE), SideEffects.NONE);
    UserState before = state(ALICE);
    DeviceIndex devices = before.devices().with(device(ALICE, "hash-1", 2), List.of());
    accounts.consumeRecoveryCode(before, "h0", true, NOW, devices, "w-last", SideEffects.NONE);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(key.key()));
    assertFalse(s.state().hasFactor());
    assertNull(s.state().recoveryCodes());
    assertEquals(Map.of(), s.state().credentials());
    assertEquals(alice.factorVersion() + 1, s.state().factorVersion());
    assertNull(s.pending());
    assertNull(s.registration());
    assertNull(s.assertion());
    assertNull(s.credential());
    assertNull(s.credentialOwner(), "the credential id is free again");
    assertEquals(List.of(), accounts.credentials(ALICE));
    assertEquals(1, s.state().devices().version());
    assertNotNull(accounts.load(ALICE, ORG, Lookups.device("hash-1")).device());
  }

  @Test
  void aCodeNoLongerInTheSetIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.consumeRecoveryCode(alice, "h1", false, NOW, null, "w", SideEffects.NONE);
    UserState used = state(ALICE);
    refused(() -> accounts.consumeRecoveryCode(used, "h1", false, NOW, null, "w",
        effects()));
    refused(() -> accounts.consumeRecoveryCode(used, "nothing", false, NOW, null, "w",
        effects()));
  }

  @Test
  void aCodeOfASetOfAnotherSizeIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.consumeRecoveryCode(alice, "h1", false, NOW, null, "w", SideEffects.NONE);
    // Read with ten codes; now there are nine, h2 among them.
    refused(() -> accounts.consumeRecoveryCode(alice, "h2", false, NOW, null, "w", effects()));
  }

  @Test
  void aCodeWhileRecoveryIsLockedOrItsCountMovedIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.recordFailure(alice, FailureKind.RECOVERY_CODE, NOW, NOW.plusSeconds(60), "w",
        SideEffects.NONE);
    UserState locked = state(ALICE);
    refused(() -> accounts.consumeRecoveryCode(locked, "h1", false, NOW, null, "w",
        effects()));
    refused(() -> accounts.consumeRecoveryCode(alice, "h1", false, NOW.plusSeconds(61), null,
        "w", effects()));
  }

  @Test
  void theLastCodeAfterAKeyWasAddedIsRefused() {
    UserState alice = enrollApp(ALICE);
    addKey(ALICE, 1);
    refused(() -> accounts.consumeRecoveryCode(alice, "h1", true, NOW, null, "w", effects()));
  }

  @Test
  void aCodeWithDevicesFromAStaleListIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.replaceDevices(alice, alice.devices().with(device(ALICE, "hash-1", 1), List.of()),
        "w", SideEffects.NONE);
    refused(() -> accounts.consumeRecoveryCode(withDevicesOf(state(ALICE), alice), "h1", false,
        NOW, alice.devices().with(device(ALICE, "hash-2", 1), List.of()), "w", effects()));
  }

  // -- Enrollment.

  @Test
  void aNewPendingEnrollmentReplacesTheEarlierOneWithItsSideEffects() {
    accounts.replacePendingEnrollment(pending(ALICE, 0L), SideEffects.NONE);
    PendingEnrollment second = pending(ALICE, 0L);
    SideEffects effects = effects();
    accounts.replacePendingEnrollment(second, effects);
    assertEquals(second, accounts.load(ALICE, ORG, Lookups.NONE).pending());
    assertSideEffectsWritten(effects);
  }

  @Test
  void enrollmentFailuresAreCountedAndTheLimitVoidsIt() {
    PendingEnrollment p = pending(ALICE, 0L);
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    SideEffects effects = effects();
    accounts.recordEnrollmentFailure(p, 3, "w-1", effects);
    PendingEnrollment once = accounts.load(ALICE, ORG, Lookups.NONE).pending();
    assertEquals(1, once.failures());
    assertEquals("w-1", once.lastWriteId());
    assertEquals(p.enrollmentId(), once.enrollmentId());
    assertArrayEquals(p.secret(), once.secret());
    assertSideEffectsWritten(effects);
    accounts.recordEnrollmentFailure(once, 3, "w-2", SideEffects.NONE);
    accounts.recordEnrollmentFailure(accounts.load(ALICE, ORG, Lookups.NONE).pending(), 3,
        "w-3", SideEffects.NONE);
    assertNull(accounts.load(ALICE, ORG, Lookups.NONE).pending(), "void at the limit");
  }

  @Test
  void anEnrollmentFailureOnAStaleOrReplacedEnrollmentIsRefused() {
    PendingEnrollment p = pending(ALICE, 0L);
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    accounts.recordEnrollmentFailure(p, 5, "w", SideEffects.NONE);
    refused(() -> accounts.recordEnrollmentFailure(p, 5, "w", effects()));
    PendingEnrollment current = accounts.load(ALICE, ORG, Lookups.NONE).pending();
    accounts.replacePendingEnrollment(pending(ALICE, 0L), SideEffects.NONE);
    refused(() -> accounts.recordEnrollmentFailure(current, 5, "w", effects()));
    accounts.removeFactor(state(ALICE), "w", SideEffects.NONE);
    refused(() -> accounts.recordEnrollmentFailure(current, 5, "w", effects()));
  }

  @Test
  void anEnrollmentFailureUnderAnotherFactorVersionIsRefused() {
    PendingEnrollment stored = pending(ALICE, 3L);
    accounts.replacePendingEnrollment(stored, SideEffects.NONE);
    PendingEnrollment otherVersion = new PendingEnrollment(ALICE, stored.enrollmentId(),
        stored.secret(), 4L, NOW, stored.expiresAt(), 0, null);
    refused(() -> accounts.recordEnrollmentFailure(otherVersion, 5, "w", effects()));
    PendingEnrollment unbound = new PendingEnrollment(ALICE, stored.enrollmentId(),
        stored.secret(), null, NOW, stored.expiresAt(), 0, null);
    accounts.recordEnrollmentFailure(unbound, 5, "w", SideEffects.NONE);
    assertEquals(1, accounts.load(ALICE, ORG, Lookups.NONE).pending().failures());
  }

  @Test
  void completingAnEnrollmentMakesTheSecretTheAppAndDeletesIt() {
    UserState empty = state(ALICE);
    PendingEnrollment p = pending(ALICE, 0L);
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    SideEffects effects = effects();
    accounts.completeEnrollment(empty, p, STEP, codes("h"), true, NOW, "w-enroll", effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.NONE);
    assertArrayEquals(p.secret(), s.state().secret());
    assertEquals(STEP, s.state().lastStep());
    assertEquals(1, s.state().factorVersion());
    assertEquals(codes("h").hashes(), s.state().recoveryHashes());
    assertNull(s.pending());
    assertSideEffectsWritten(effects);
  }

  @Test
  void anAppAddedBesideKeysKeepsTheVersionAndTheCodes() {
    enrollApp(ALICE);
    addKey(ALICE, 1);
    accounts.removeTotp(state(ALICE), "w", SideEffects.NONE);
    UserState keysOnly = state(ALICE);
    PendingEnrollment p = pending(ALICE, keysOnly.factorVersion());
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    accounts.completeEnrollment(keysOnly, p, STEP + 3, null, false, NOW, "w", SideEffects.NONE);
    UserState after = state(ALICE);
    assertTrue(after.hasTotp());
    assertEquals(STEP + 3, after.lastStep());
    assertEquals(keysOnly.factorVersion(), after.factorVersion());
    assertEquals(keysOnly.recoveryHashes(), after.recoveryHashes());
    assertEquals(1, after.credentialCount());
  }

  @Test
  void completingAfterTheFactorVersionChangedIsRefused() {
    UserState empty = state(ALICE);
    PendingEnrollment p = pending(ALICE, 0L);
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    enrollApp(ALICE); // another enrollment won
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    refused(() -> accounts.completeEnrollment(empty, p, STEP + 1, codes("z"), true, NOW, "w",
        effects()));
  }

  @Test
  void completingAReplacedUsedOrFailedEnrollmentIsRefused() {
    UserState empty = state(ALICE);
    PendingEnrollment first = pending(ALICE, 0L);
    accounts.replacePendingEnrollment(first, SideEffects.NONE);
    accounts.replacePendingEnrollment(pending(ALICE, 0L), SideEffects.NONE);
    refused(() -> accounts.completeEnrollment(empty, first, STEP, codes("z"), true, NOW, "w",
        effects()));
    PendingEnrollment counted = pending(ALICE, 0L);
    accounts.replacePendingEnrollment(counted, SideEffects.NONE);
    accounts.recordEnrollmentFailure(counted, 5, "w", SideEffects.NONE);
    refused(() -> accounts.completeEnrollment(empty, counted, STEP, codes("z"), true, NOW, "w",
        effects()));
    accounts.removeFactor(empty, "w", SideEffects.NONE); // deletes the pending one
    UserState removed = state(ALICE);
    refused(() -> accounts.completeEnrollment(removed, counted, STEP, codes("z"), true, NOW,
        "w", effects()));
  }

  // -- Codes, removal, reset.

  @Test
  void newCodesReplaceTheSet() {
    UserState alice = enrollApp(ALICE);
    SideEffects effects = effects();
    accounts.replaceRecoveryCodes(alice, codes("n"), "w-codes", effects);
    UserState after = state(ALICE);
    assertEquals(codes("n").hashes(), after.recoveryHashes());
    assertEquals(alice.factorVersion(), after.factorVersion());
    assertEquals("w-codes", after.lastWriteId());
    assertSideEffectsWritten(effects);
  }

  @Test
  void newCodesForMethodsThatChangedAreRefused() {
    UserState alice = enrollApp(ALICE);
    addKey(ALICE, 1);
    refused(() -> accounts.replaceRecoveryCodes(alice, codes("n"), "w", effects()));
    accounts.removeTotp(state(ALICE), "w", SideEffects.NONE);
    UserState keysOnly = state(ALICE);
    // Read without the app; an app has been added since.
    PendingEnrollment p = pending(ALICE, keysOnly.factorVersion());
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    accounts.completeEnrollment(keysOnly, p, STEP, null, false, NOW, "w", SideEffects.NONE);
    refused(() -> accounts.replaceRecoveryCodes(keysOnly, codes("n"), "w", effects()));
    // Read with the app; it has been removed since (the version moved too).
    UserState both = state(ALICE);
    accounts.removeTotp(both, "w", SideEffects.NONE);
    refused(() -> accounts.replaceRecoveryCodes(both, codes("n"), "w", effects()));
  }

  @Test
  void newCodesWhenTheAppWentButTheVersionStayedAreRefused() {
    // The condition on the app itself, apart from the version: a state read with the app,
    // at the version the state now has without it.
    enrollApp(ALICE);
    addKey(ALICE, 1);
    accounts.removeTotp(state(ALICE), "w", SideEffects.NONE);
    UserState now = state(ALICE);
    UserState readWithApp = new UserState(ALICE, now.factorVersion(),
        new TotpFactor(bytes(40, 7), NOW, STEP), now.recoveryCodes(), now.credentials(),
        now.webauthnUserHandle(), now.attempts(), now.devices(), null, null);
    refused(() -> accounts.replaceRecoveryCodes(readWithApp, codes("n"), "w", effects()));
  }

  @Test
  void removingTheFactorRemovesEveryMethodButKeepsFailures() {
    UserState alice = enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    accounts.recordFailure(state(ALICE), FailureKind.TOTP, NOW, null, "w", SideEffects.NONE);
    accounts.replacePendingEnrollment(pending(ALICE, 1L), SideEffects.NONE);
    accounts.replacePendingAssertion(assertion(ALICE), SideEffects.NONE);
    SideEffects effects = effects();
    accounts.removeFactor(state(ALICE), "w-remove", effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(key.key()));
    assertFalse(s.state().hasFactor());
    assertEquals(alice.factorVersion() + 1, s.state().factorVersion());
    assertNull(s.state().recoveryCodes());
    assertNull(s.pending());
    assertNull(s.assertion());
    assertNull(s.credential());
    assertNull(s.credentialOwner());
    assertEquals(1, s.state().failures(FailureKind.TOTP), "only a reset lifts failures");
    assertSideEffectsWritten(effects);
  }

  @Test
  void removingAfterAChangeIsRefused() {
    UserState alice = enrollApp(ALICE);
    addKey(ALICE, 1); // no new version for a second method, but one more credential
    refused(() -> accounts.removeFactor(alice, "w", effects()));
    UserState withKey = state(ALICE);
    accounts.removeTotp(withKey, "w", SideEffects.NONE);
    refused(() -> accounts.removeFactor(withKey, "w", effects()));
  }

  @Test
  void aResetRemovesEveryMethodAndEveryFailureAndLock() {
    UserState alice = enrollApp(ALICE);
    addKey(ALICE, 1);
    accounts.recordFailure(state(ALICE), FailureKind.TOTP, NOW, NOW.plusSeconds(60), "w",
        SideEffects.NONE);
    accounts.recordFailure(state(ALICE), FailureKind.RECOVERY_CODE, NOW, null, "w",
        SideEffects.NONE);
    accounts.recordMembership(new Membership(ALICE, OTHER_ORG, null, NOW));
    SideEffects effects = effects();
    accounts.reset(state(ALICE), null, "w-reset", effects);
    UserState after = state(ALICE);
    assertFalse(after.hasFactor());
    assertEquals(alice.factorVersion() + 1, after.factorVersion());
    assertEquals(Map.of(), after.attempts());
    assertEquals(List.of(), accounts.credentials(ALICE));
    assertSideEffectsWritten(effects);
    UserState empty = state(BOB);
    accounts.reset(empty, null, "w", SideEffects.NONE);
    assertEquals(1, state(BOB).factorVersion(), "whether or not there is a factor");
  }

  @Test
  void anAdminResetRequiresThatTheUserBelongsToNoOtherOrg() {
    enrollApp(ALICE);
    accounts.reset(state(ALICE), ORG, "w", SideEffects.NONE); // no org recorded yet
    enrollApp(ALICE);
    accounts.recordMembership(new Membership(ALICE, ORG, null, NOW));
    accounts.reset(state(ALICE), ORG, "w", SideEffects.NONE); // only this org
    enrollApp(ALICE);
    UserState read = state(ALICE);
    accounts.recordMembership(new Membership(ALICE, OTHER_ORG, null, NOW));
    assertRefused(() -> everything(ALICE), () -> accounts.reset(read, ORG, "w",
        SideEffects.of(null, event(ORG))));
    accounts.reset(read, null, "w", SideEffects.NONE); // a support reset may
  }

  @Test
  void aResetAfterAChangeIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.replaceRecoveryCodes(alice, codes("n"), "w", SideEffects.NONE);
    addKey(ALICE, 1);
    refused(() -> accounts.reset(alice, null, "w", effects()));
    UserState withKey = state(ALICE);
    accounts.removeTotp(withKey, "w", SideEffects.NONE);
    refused(() -> accounts.reset(withKey, null, "w", effects()));
  }

  @Test
  void aResetWithTheVersionAsReadButAnotherKeyIsRefused() {
    enrollApp(ALICE);
    addKey(ALICE, 1);
    UserState oneKey = state(ALICE);
    addKey(ALICE, 2); // a second method: the version stays
    assertEquals(oneKey.factorVersion(), state(ALICE).factorVersion());
    refused(() -> accounts.reset(oneKey, null, "w", effects()));
    refused(() -> accounts.removeFactor(oneKey, "w", effects()));
  }

  @Test
  void removingTheAppKeepsTheKeysAndDeletesThePendingEnrollment() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    accounts.replacePendingEnrollment(pending(ALICE, 1L), SideEffects.NONE);
    UserState both = state(ALICE);
    SideEffects effects = effects();
    accounts.removeTotp(both, "w-totp", effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(key.key()));
    assertFalse(s.state().hasTotp());
    assertNull(s.state().lastStep());
    assertEquals(both.factorVersion() + 1, s.state().factorVersion());
    assertEquals(both.recoveryHashes(), s.state().recoveryHashes());
    assertEquals(key, s.credential());
    assertNull(s.pending());
    assertSideEffectsWritten(effects);
  }

  @Test
  void removingTheAppWhenItIsGoneOrTheKeysChangedIsRefused() {
    enrollApp(ALICE);
    addKey(ALICE, 1);
    UserState oneKey = state(ALICE);
    addKey(ALICE, 2);
    refused(() -> accounts.removeTotp(oneKey, "w", effects()));
    UserState both = state(ALICE);
    accounts.removeTotp(both, "w", SideEffects.NONE);
    UserState keysOnly = state(ALICE);
    refused(() -> accounts.removeTotp(keysOnly, "w", effects()));
    refused(() -> accounts.removeTotp(both, "w", effects()));
  }

  // -- WebAuthn registration.

  @Test
  void aPendingRegistrationIsReplacedAndUsedUpOnlyOnce() {
    PendingRegistration first = registration(ALICE, 0);
    accounts.replacePendingRegistration(first, SideEffects.NONE);
    PendingRegistration second = registration(ALICE, 0);
    accounts.replacePendingRegistration(second, SideEffects.NONE);
    assertEquals(second, accounts.load(ALICE, ORG, Lookups.NONE).registration());
    refused(() -> accounts.useUpRegistration(first, effects()));
    SideEffects effects = effects();
    accounts.useUpRegistration(second, effects);
    assertNull(accounts.load(ALICE, ORG, Lookups.NONE).registration());
    assertSideEffectsWritten(effects);
    refused(() -> accounts.useUpRegistration(second, effects()));
  }

  @Test
  void completingARegistrationAddsTheCredentialItsOwnerAndItsEntry() {
    UserState empty = state(ALICE);
    PendingRegistration r = registration(ALICE, 0);
    accounts.replacePendingRegistration(r, SideEffects.NONE);
    WebAuthnCredential key = credential(ALICE, 1);
    SideEffects effects = effects();
    accounts.completeRegistration(empty, r, key, codes("k"), true, NOW, "w-reg", effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(key.key()));
    assertEquals(Set.of(key.key()), s.state().credentials().keySet());
    assertArrayEquals(key.credentialId(), s.state().credentials().get(key.key()).credentialId());
    assertEquals(List.of("usb", "nfc"), s.state().credentials().get(key.key()).transports());
    assertArrayEquals(r.userHandle(), s.state().webauthnUserHandle());
    assertEquals(1, s.state().factorVersion());
    assertEquals(codes("k").hashes(), s.state().recoveryHashes());
    assertEquals(millis(NOW), s.state().lastVerifiedAt());
    assertNull(s.registration());
    assertEquals(key, s.credential());
    assertEquals(ALICE, s.credentialOwner());
    WebAuthnCredential stored = accounts.credentials(ALICE).get(0);
    assertEquals(key.name(), stored.name());
    assertEquals(key.aaguid(), stored.aaguid());
    assertEquals(-7, stored.algorithm());
    assertTrue(stored.backupEligible());
    assertEquals(millis(NOW), stored.createdAt());
    assertSideEffectsWritten(effects);
  }

  @Test
  void aSecondKeyKeepsTheUserHandleTheVersionAndTheCodes() {
    UserState empty = state(ALICE);
    PendingRegistration r1 = registration(ALICE, 0);
    accounts.replacePendingRegistration(r1, SideEffects.NONE);
    accounts.completeRegistration(empty, r1, credential(ALICE, 1), codes("k"), true, NOW, "w",
        SideEffects.NONE);
    UserState one = state(ALICE);
    PendingRegistration r2 = new PendingRegistration(ALICE, "r-two", bytes(32, 1),
        bytes(16, 50), 1, NOW, NOW.plusSeconds(300));
    accounts.replacePendingRegistration(r2, SideEffects.NONE);
    accounts.completeRegistration(one, r2, credential(ALICE, 2), null, false, NOW, "w",
        SideEffects.NONE);
    UserState two = state(ALICE);
    assertEquals(2, two.credentialCount());
    assertArrayEquals(r1.userHandle(), two.webauthnUserHandle(), "set once");
    assertEquals(one.factorVersion(), two.factorVersion());
    assertEquals(one.recoveryHashes(), two.recoveryHashes());
    assertEquals(List.of(credential(ALICE, 1).key(), credential(ALICE, 2).key()).stream()
        .sorted().toList(), accounts.credentials(ALICE).stream()
        .map(WebAuthnCredential::key).toList(), "in key order");
  }

  @Test
  void aCredentialIdSomeoneHasIsRefused() {
    enrollApp(BOB);
    WebAuthnCredential bobs = addKey(BOB, 1);
    UserState alice = state(ALICE);
    PendingRegistration r = registration(ALICE, 0);
    accounts.replacePendingRegistration(r, SideEffects.NONE);
    WebAuthnCredential same = new WebAuthnCredential(ALICE, bobs.key(), bobs.credentialId(),
        bytes(77, 1), -7, 0, false, false, List.of(), null, "mine", NOW, null);
    refused(() -> accounts.completeRegistration(alice, r, same, codes("k"), true, NOW, "w",
        effects()));
    assertEquals(BOB, accounts.load(ALICE, ORG, Lookups.credential(bobs.key()))
        .credentialOwner());
  }

  @Test
  void completingAReplacedOrUsedRegistrationIsRefused() {
    UserState empty = state(ALICE);
    PendingRegistration first = registration(ALICE, 0);
    accounts.replacePendingRegistration(first, SideEffects.NONE);
    accounts.replacePendingRegistration(registration(ALICE, 0), SideEffects.NONE);
    refused(() -> accounts.completeRegistration(empty, first, credential(ALICE, 1), codes("k"),
        true, NOW, "w", effects()));
    PendingRegistration used = registration(ALICE, 0);
    accounts.replacePendingRegistration(used, SideEffects.NONE);
    accounts.useUpRegistration(used, SideEffects.NONE);
    refused(() -> accounts.completeRegistration(empty, used, credential(ALICE, 1), codes("k"),
        true, NOW, "w", effects()));
  }

  @Test
  void completingARegistrationAfterTheCredentialsOrVersionChangedIsRefused() {
    enrollApp(ALICE);
    UserState noKeys = state(ALICE);
    addKey(ALICE, 1); // same version, one more credential
    PendingRegistration r = registration(ALICE, noKeys.factorVersion());
    accounts.replacePendingRegistration(r, SideEffects.NONE);
    refused(() -> accounts.completeRegistration(noKeys, r, credential(ALICE, 2), null, false,
        NOW, "w", effects()));
    UserState oneKey = state(ALICE);
    accounts.replaceRecoveryCodes(oneKey, codes("n"), "w", SideEffects.NONE);
    accounts.removeTotp(state(ALICE), "w", SideEffects.NONE); // new version
    refused(() -> accounts.completeRegistration(oneKey, r, credential(ALICE, 2), null, false,
        NOW, "w", effects()));
  }

  // -- WebAuthn assertions.

  @Test
  void anAcceptedAssertionMovesTheCounterAndUsesTheAssertionUp() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    accounts.recordFailure(state(ALICE), FailureKind.WEBAUTHN, NOW, null, "w", SideEffects.NONE);
    PendingAssertion a = assertion(ALICE);
    accounts.replacePendingAssertion(a, SideEffects.NONE);
    assertEquals(a, accounts.load(ALICE, ORG, Lookups.NONE).assertion());
    UserState before = state(ALICE);
    DeviceIndex devices = before.devices().with(device(ALICE, "hash-1", 1), List.of());
    SideEffects effects = effects();
    accounts.acceptAssertion(before, a, key, 42, true, NOW.plusSeconds(5), devices, "w-a",
        effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(key.key()));
    assertEquals(42, s.credential().signCount());
    assertTrue(s.credential().backedUp());
    assertEquals(millis(NOW.plusSeconds(5)), s.credential().lastUsedAt());
    assertEquals(key.name(), s.credential().name());
    assertEquals(0, s.state().failures(FailureKind.WEBAUTHN));
    assertEquals(millis(NOW.plusSeconds(5)), s.state().lastVerifiedAt());
    assertNull(s.assertion());
    assertTrue(s.state().devices().contains("hash-1"));
    assertEquals(before.factorVersion(), s.state().factorVersion());
    assertSideEffectsWritten(effects);
  }

  @Test
  void anAssertionReplacedOrUsedUpIsRefused() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    PendingAssertion first = assertion(ALICE);
    accounts.replacePendingAssertion(first, SideEffects.NONE);
    accounts.replacePendingAssertion(assertion(ALICE), SideEffects.NONE);
    UserState alice = state(ALICE);
    refused(() -> accounts.acceptAssertion(alice, first, key, 1, false, NOW, null, "w",
        effects()));
    PendingAssertion a = assertion(ALICE);
    accounts.replacePendingAssertion(a, SideEffects.NONE);
    accounts.acceptAssertion(alice, a, key, 1, false, NOW, null, "w", SideEffects.NONE);
    UserState after = state(ALICE);
    refused(() -> accounts.acceptAssertion(after, a, stored(key), 2, false, NOW, null, "w",
        effects()));
  }

  @Test
  void anAssertionWithAStaleCounterIsRefused() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    PendingAssertion a1 = assertion(ALICE);
    accounts.replacePendingAssertion(a1, SideEffects.NONE);
    accounts.acceptAssertion(state(ALICE), a1, key, 5, false, NOW, null, "w", SideEffects.NONE);
    PendingAssertion a2 = assertion(ALICE);
    accounts.replacePendingAssertion(a2, SideEffects.NONE);
    UserState alice = state(ALICE);
    refused(() -> accounts.acceptAssertion(alice, a2, key, 6, false, NOW, null, "w",
        effects()));
  }

  @Test
  void anAssertionWhileWebAuthnIsLockedOrItsCountMovedIsRefused() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    UserState alice = state(ALICE);
    PendingAssertion a = assertion(ALICE);
    accounts.replacePendingAssertion(a, SideEffects.NONE);
    accounts.recordFailure(alice, FailureKind.WEBAUTHN, NOW, NOW.plusSeconds(60), "w",
        SideEffects.NONE);
    refused(() -> accounts.acceptAssertion(alice, a, key, 1, false, NOW.plusSeconds(61), null,
        "w", effects()));
    UserState locked = state(ALICE);
    refused(() -> accounts.acceptAssertion(locked, a, key, 1, false, NOW.plusSeconds(59),
        null, "w", effects()));
  }

  @Test
  void anAssertionAfterTheVersionOrDeviceListChangedIsRefused() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    UserState alice = state(ALICE);
    PendingAssertion a = assertion(ALICE);
    accounts.replacePendingAssertion(a, SideEffects.NONE);
    accounts.replaceDevices(alice, alice.devices().with(device(ALICE, "hash-1", 1), List.of()),
        "w", SideEffects.NONE);
    refused(() -> accounts.acceptAssertion(alice, a, key, 1, false, NOW,
        alice.devices().with(device(ALICE, "hash-2", 1), List.of()), "w", effects()));
    accounts.removeTotp(state(ALICE), "w", SideEffects.NONE);
    refused(() -> accounts.acceptAssertion(alice, a, key, 1, false, NOW, null, "w",
        effects()));
  }

  @Test
  void aFailedAssertionIsCountedAndUsedUp() {
    enrollApp(ALICE);
    addKey(ALICE, 1);
    PendingAssertion a = assertion(ALICE);
    accounts.replacePendingAssertion(a, SideEffects.NONE);
    SideEffects effects = effects();
    Instant until = NOW.plusSeconds(60);
    accounts.recordAssertionFailure(state(ALICE), a, NOW, until, "w-f", effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.NONE);
    assertEquals(1, s.state().failures(FailureKind.WEBAUTHN));
    assertEquals(millis(until), s.state().lockedUntil(FailureKind.WEBAUTHN));
    assertNull(s.assertion());
    assertSideEffectsWritten(effects);
  }

  @Test
  void aFailedAssertionUsedUpOrCountedFromAStaleCountIsRefused() {
    enrollApp(ALICE);
    addKey(ALICE, 1);
    PendingAssertion a = assertion(ALICE);
    accounts.replacePendingAssertion(a, SideEffects.NONE);
    UserState alice = state(ALICE);
    accounts.recordAssertionFailure(alice, a, NOW, null, "w", SideEffects.NONE);
    PendingAssertion b = assertion(ALICE);
    accounts.replacePendingAssertion(b, SideEffects.NONE);
    refused(() -> accounts.recordAssertionFailure(state(ALICE), a, NOW, null, "w", effects()));
    refused(() -> accounts.recordAssertionFailure(alice, b, NOW, null, "w", effects()));
  }

  // -- Remembered devices.

  @Test
  void replacingTheDeviceListWritesAndDeletesTheDeviceItems() {
    UserState alice = enrollApp(ALICE);
    DeviceIndex one = alice.devices().with(device(ALICE, "hash-1", 1), List.of());
    accounts.replaceDevices(alice, one, "w-1", SideEffects.NONE);
    UserState withOne = state(ALICE);
    assertEquals(one.version(), withOne.devices().version());
    assertEquals(device(ALICE, "hash-1", 1).orgId(),
        withOne.devices().devices().get("hash-1").orgId());
    RememberedDevice later = new RememberedDevice("hash-2", ALICE, OTHER_ORG, 1,
        NOW.plusSeconds(1), NOW.plus(Duration.ofDays(7)));
    DeviceIndex swapped = withOne.devices().with(later, List.of("hash-1"));
    SideEffects effects = effects();
    accounts.replaceDevices(withOne, swapped, "w-2", effects);
    UserState after = state(ALICE);
    assertEquals(Set.of("hash-2"), after.devices().devices().keySet());
    assertEquals(2, after.devices().version());
    assertEquals(new RememberedDevice("hash-2", ALICE, OTHER_ORG, 1,
        millis(NOW.plusSeconds(1)), millis(NOW.plus(Duration.ofDays(7)))),
        accounts.load(ALICE, ORG, Lookups.device("hash-2")).device());
    assertNull(accounts.load(ALICE, ORG, Lookups.device("hash-1")).device());
    assertSideEffectsWritten(effects);
    accounts.replaceDevices(after, after.devices().cleared(), "w-3", SideEffects.NONE);
    assertEquals(0, state(ALICE).devices().size());
    assertEquals(3, state(ALICE).devices().version());
    assertNull(accounts.load(ALICE, ORG, Lookups.device("hash-2")).device());
  }

  @Test
  void replacingAStaleDeviceListIsRefused() {
    UserState alice = enrollApp(ALICE);
    accounts.replaceDevices(alice, alice.devices().with(device(ALICE, "hash-1", 1), List.of()),
        "w", SideEffects.NONE);
    UserState current = state(ALICE);
    refused(() -> accounts.replaceDevices(withDevicesOf(current, alice),
        alice.devices().cleared(), "w", effects()));
    refused(() -> accounts.replaceDevices(alice,
        alice.devices().with(device(ALICE, "hash-2", 1), List.of()), "w", effects()));
    accounts.removeFactor(current, "w", SideEffects.NONE);
    refused(() -> accounts.replaceDevices(current, current.devices().cleared(), "w",
        effects()));
  }

  // -- Credentials.

  @Test
  void aCredentialIsRenamedOnlyWhenItExists() {
    enrollApp(ALICE);
    WebAuthnCredential key = addKey(ALICE, 1);
    SideEffects effects = effects();
    accounts.renameCredential(ALICE, key.key(), "Blue key", effects);
    assertEquals("Blue key", accounts.credentials(ALICE).get(0).name());
    assertEquals(0, accounts.credentials(ALICE).get(0).signCount());
    assertSideEffectsWritten(effects);
    refused(() -> accounts.renameCredential(ALICE, "no-such-key", "x", effects()));
    enrollApp(BOB);
    refused(() -> accounts.renameCredential(BOB, key.key(), "not yours", effects()));
  }

  @Test
  void removingACredentialTakesItsItemOwnerAndEntryAndMovesTheVersion() {
    UserState alice = enrollApp(ALICE);
    WebAuthnCredential k1 = addKey(ALICE, 1);
    WebAuthnCredential k2 = addKey(ALICE, 2);
    UserState two = state(ALICE);
    SideEffects effects = effects();
    accounts.removeCredential(two, k1.key(), "w-rm", effects);
    AccountSnapshot s = accounts.load(ALICE, ORG, Lookups.credential(k1.key()));
    assertEquals(Set.of(k2.key()), s.state().credentials().keySet());
    assertEquals(alice.factorVersion() + 1, s.state().factorVersion());
    assertNull(s.credential());
    assertNull(s.credentialOwner());
    assertEquals(List.of(k2.key()), accounts.credentials(ALICE).stream()
        .map(WebAuthnCredential::key).toList());
    assertTrue(s.state().hasTotp());
    assertSideEffectsWritten(effects);
  }

  @Test
  void removingACredentialAfterAChangeOrTwiceIsRefused() {
    enrollApp(ALICE);
    WebAuthnCredential k1 = addKey(ALICE, 1);
    UserState one = state(ALICE);
    addKey(ALICE, 2);
    refused(() -> accounts.removeCredential(one, k1.key(), "w", effects()));
    UserState two = state(ALICE);
    accounts.removeCredential(two, k1.key(), "w", SideEffects.NONE);
    refused(() -> accounts.removeCredential(two, k1.key(), "w", effects()));
    UserState oneLeft = state(ALICE); // version and count as now, but k1 is gone
    refused(() -> accounts.removeCredential(oneLeft, k1.key(), "w", effects()));
  }

  // -- Side effects.

  @Test
  void sideEffectsAloneAndWithAChangeAreWrittenTogether() {
    accounts.recordMembership(new Membership(ALICE, ORG, "a@acme.example", NOW));
    UserState alice = enrollApp(ALICE);
    AuditEvent e1 = event(ORG);
    AuditEvent e2 = event(ORG, NOW.plusMillis(1));
    accounts.replaceRecoveryCodes(alice, codes("n"), "w",
        SideEffects.of(new Membership(ALICE, ORG, "b@acme.example", NOW.plusSeconds(9)), e1)
            .with(e2));
    assertEquals(List.of(e2.id(), e1.id()), eventIds(ORG));
    AuditEvent read = orgs.auditEvents(ORG, 10, null).items().get(1);
    assertEquals(e1.type(), read.type());
    assertEquals(millis(e1.at()), read.at());
    assertEquals(e1.actorId(), read.actorId());
    assertEquals(e1.targetUserId(), read.targetUserId());
    assertEquals(e1.details(), read.details());
    assertEquals(new Membership(ALICE, ORG, "b@acme.example", millis(NOW)),
        accounts.membershipsOf(ALICE).get(0));
  }

  @Test
  void anAuditEventWhoseIdIsTakenRefusesTheWholeWrite() {
    UserState alice = enrollApp(ALICE);
    AuditEvent event = event(ORG);
    orgs.appendAuditEvents(List.of(event));
    refused(() -> accounts.replaceRecoveryCodes(alice, codes("n"), "w",
        SideEffects.of(new Membership(ALICE, OTHER_ORG, null, NOW), event)));
  }

  // -- Helpers.

  /** Everything a write of alice's or bob's could change, as the repositories read it. */
  List<Object> everything(String userId) {
    AccountSnapshot s = accounts.load(userId, ORG, Lookups.NONE);
    UserState st = s.state();
    List<Object> all = new ArrayList<>(Arrays.asList(st, st.devices(), st.lastVerifiedAt(),
        st.lastWriteId(), st.webauthnUserHandle() == null ? null
            : HexFormat.of().formatHex(st.webauthnUserHandle()),
        st.recoveryCodes() == null ? null : st.recoveryCodes().iterations(),
        s.pending(), s.pending() == null ? null : s.pending().lastWriteId(),
        s.registration(), s.assertion(), s.membership(),
        accounts.credentials(userId), accounts.membershipsOf(userId),
        orgs.auditEvents(ORG, 100, null).items(), orgs.auditEvents(OTHER_ORG, 100, null).items()));
    for (String key : st.credentials().keySet()) {
      AccountSnapshot c = accounts.load(userId, ORG, Lookups.credential(key));
      all.add(Arrays.asList(c.credential(), c.credentialOwner()));
    }
    for (String hash : List.of("hash-1", "hash-2")) {
      all.add(accounts.load(userId, ORG, Lookups.device(hash)).device());
    }
    return all;
  }

  /** Alice's write is refused and changes nothing. */
  void refused(Executable write) {
    assertRefused(() -> everything(ALICE), write);
  }

  void assertSideEffectsWritten(SideEffects effects) {
    for (AuditEvent event : effects.events()) {
      assertTrue(eventIds(event.orgId()).contains(event.id()), "event written");
    }
    Membership m = effects.membership();
    Membership stored = accounts.memberships(m.orgId(), List.of(m.userId())).get(m.userId());
    assertEquals(m.email(), stored.email(), "membership recorded");
  }

  List<String> eventIds(String orgId) {
    return orgs.auditEvents(orgId, 100, null).items().stream().map(AuditEvent::id).toList();
  }

  UserState state(String userId) {
    return accounts.states(List.of(userId)).get(0);
  }

  /** The user's app, enrolled at the version the user has now, with codes h0 to h9. */
  UserState enrollApp(String userId) {
    UserState s = state(userId);
    PendingEnrollment p = pending(userId, s.factorVersion());
    accounts.replacePendingEnrollment(p, SideEffects.NONE);
    accounts.completeEnrollment(s, p, STEP, codes("h"), true, NOW, "w-enroll",
        SideEffects.NONE);
    return state(userId);
  }

  /** A security key beside the user's other methods (codes and a version only for the first). */
  WebAuthnCredential addKey(String userId, int n) {
    UserState s = state(userId);
    PendingRegistration r = registration(userId, s.factorVersion());
    accounts.replacePendingRegistration(r, SideEffects.NONE);
    WebAuthnCredential c = credential(userId, n);
    accounts.completeRegistration(s, r, c, s.hasFactor() ? null : codes("h"), !s.hasFactor(),
        NOW, "w-key", SideEffects.NONE);
    return c;
  }

  WebAuthnCredential stored(WebAuthnCredential key) {
    return accounts.load(key.userId(), ORG, Lookups.credential(key.key())).credential();
  }

  /** {@code times} TOTP failures counted from {@code state}; the state after. */
  UserState failTotp(UserState state, int times) {
    for (int i = 0; i < times; i++) {
      accounts.recordFailure(state(state.userId()), FailureKind.TOTP, NOW, null, "w",
          SideEffects.NONE);
    }
    return state(state.userId());
  }

  /** {@code current} with the device list {@code read} had: a request that read it earlier. */
  static UserState withDevicesOf(UserState current, UserState read) {
    return new UserState(current.userId(), current.factorVersion(), current.totp(),
        current.recoveryCodes(), current.credentials(), current.webauthnUserHandle(),
        current.attempts(), read.devices(), current.lastVerifiedAt(), current.lastWriteId());
  }

  /** {@code current} as if read at another factor version. */
  static UserState withVersion(UserState current, long factorVersion) {
    return new UserState(current.userId(), factorVersion, current.totp(),
        current.recoveryCodes(), current.credentials(), current.webauthnUserHandle(),
        current.attempts(), current.devices(), current.lastVerifiedAt(), current.lastWriteId());
  }
}
