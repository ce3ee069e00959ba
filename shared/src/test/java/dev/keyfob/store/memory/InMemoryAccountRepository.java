package dev.keyfob.store.memory;

import static dev.keyfob.store.memory.InMemoryStorage.millis;
import static dev.keyfob.store.memory.InMemoryStorage.require;

import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AccountSnapshot;
import dev.keyfob.store.Attempts;
import dev.keyfob.store.DeviceIndex;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.Lookups;
import dev.keyfob.store.Membership;
import dev.keyfob.store.PendingAssertion;
import dev.keyfob.store.PendingEnrollment;
import dev.keyfob.store.PendingRegistration;
import dev.keyfob.store.RecoveryCodeSet;
import dev.keyfob.store.RememberedDevice;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.store.WebAuthnCredential;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link AccountRepository} in memory, with the conditions of
 * {@link dev.keyfob.store.DynamoAccountRepository} written out: each method checks every
 * condition the DynamoDB write carries (and those of its side effects), throws
 * {@link dev.keyfob.store.ConcurrentUpdateException} with nothing changed when one fails, and
 * otherwise applies the whole change at once. Part of an {@link InMemoryStorage}, whose lock
 * every method holds.
 */
final class InMemoryAccountRepository implements AccountRepository {

  private final InMemoryStorage store;

  InMemoryAccountRepository(InMemoryStorage store) {
    this.store = store;
  }

  @Override
  public void prime() {
    // Nothing to warm up, and like the DynamoDB one it writes nothing.
  }

  @Override
  public AccountSnapshot load(String userId, String orgId, Lookups lookups) {
    synchronized (store) {
      String credentialKey = lookups.credentialKey();
      String deviceHash = lookups.deviceHash();
      return new AccountSnapshot(
          store.state(userId),
          store.enrollments.get(userId),
          store.registrations.get(userId),
          store.assertions.get(userId),
          store.memberships.getOrDefault(userId, new TreeMap<>()).get(orgId),
          store.orgSettings(orgId),
          credentialKey == null ? null : credentialsOf(userId).get(credentialKey),
          credentialKey == null ? null : store.owners.get(credentialKey),
          deviceHash == null ? null : store.devices.getOrDefault(userId, Map.of()).get(deviceHash),
          lookups);
    }
  }

  @Override
  public List<UserState> states(List<String> userIds) {
    synchronized (store) {
      List<UserState> result = new ArrayList<>(userIds.size());
      for (String userId : userIds) {
        result.add(store.state(userId));
      }
      return result;
    }
  }

  @Override
  public Map<String, Membership> memberships(String orgId, Collection<String> userIds) {
    synchronized (store) {
      Map<String, Membership> result = new HashMap<>();
      for (String userId : userIds) {
        Membership m = store.memberships.getOrDefault(userId, new TreeMap<>()).get(orgId);
        if (m != null) {
          result.put(userId, m);
        }
      }
      return result;
    }
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    synchronized (store) {
      return List.copyOf(store.memberships.getOrDefault(userId, new TreeMap<>()).values());
    }
  }

  @Override
  public boolean memberOfAnotherOrg(String userId, String orgId) {
    synchronized (store) {
      return store.memberships.getOrDefault(userId, new TreeMap<>()).keySet().stream()
          .anyMatch(org -> !org.equals(orgId));
    }
  }

  @Override
  public void forgetMembership(String userId, String orgId, SideEffects effects) {
    synchronized (store) {
      TreeMap<String, Membership> ofUser = store.memberships.get(userId);
      require(ofUser != null && ofUser.containsKey(orgId));
      store.requireEffects(effects);
      ofUser.remove(orgId);
      TreeSet<String> ids = store.orgIds.get(userId);
      if (ids != null) {
        ids.remove(orgId);
      }
      store.applyEffects(effects);
    }
  }

  @Override
  public void recordMembership(Membership membership) {
    synchronized (store) {
      store.upsertMembership(membership);
    }
  }

  @Override
  public void acceptTotp(UserState expected, long step, Instant now, DeviceIndex devices,
      String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.hasTotp());
      require(current.lastStep() == null || current.lastStep() < step);
      requireUnlocked(current, expected, FailureKind.TOTP, now);
      requireDevices(current, expected, devices);
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.lastStep = step;
      d.lastVerifiedAt = now;
      d.clearAttempts(FailureKind.TOTP);
      changeDevices(d, expected, devices);
      save(d, effects);
    }
  }

  @Override
  public void recordFailure(UserState expected, FailureKind kind, Instant now, Instant lockUntil,
      String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      requireUnlocked(current, expected, kind, now);
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      countFailure(d, current, expected, kind, lockUntil);
      save(d, effects);
    }
  }

  @Override
  public void consumeRecoveryCode(UserState expected, String hash, boolean removeFactor,
      Instant now, DeviceIndex devices, String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      Set<String> hashes = current.recoveryHashes();
      require(hashes.contains(hash));
      require(hashes.size() == expected.recoveryHashes().size());
      requireUnlocked(current, expected, FailureKind.RECOVERY_CODE, now);
      if (removeFactor) {
        require(current.credentialCount() == expected.credentialCount());
      }
      requireDevices(current, expected, devices);
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.lastVerifiedAt = now;
      d.clearAttempts(FailureKind.RECOVERY_CODE);
      if (removeFactor) {
        removeEveryMethod(d, expected);
      } else {
        d.recoveryHashes.remove(hash);
      }
      changeDevices(d, expected, devices);
      save(d, effects);
    }
  }

  @Override
  public void replacePendingEnrollment(PendingEnrollment pending, SideEffects effects) {
    synchronized (store) {
      store.requireEffects(effects);
      store.enrollments.put(pending.userId(), stored(pending, pending.failures(),
          pending.lastWriteId()));
      store.applyEffects(effects);
    }
  }

  @Override
  public void recordEnrollmentFailure(PendingEnrollment expected, int voidAt, String writeId,
      SideEffects effects) {
    synchronized (store) {
      PendingEnrollment current = store.enrollments.get(expected.userId());
      requirePending(current, expected);
      store.requireEffects(effects);
      int failures = expected.failures() + 1;
      if (failures >= voidAt) {
        store.enrollments.remove(expected.userId());
      } else {
        store.enrollments.put(expected.userId(), stored(current, failures, writeId));
      }
      store.applyEffects(effects);
    }
  }

  @Override
  public void completeEnrollment(UserState expected, PendingEnrollment pending, long step,
      RecoveryCodeSet newCodes, boolean newFactorVersion, Instant now, String writeId,
      SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      requirePending(store.enrollments.get(expected.userId()), pending);
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.secret = pending.secret();
      d.enrolledAt = now;
      d.lastStep = step;
      d.lastVerifiedAt = now;
      methodSetChange(d, expected, newCodes, newFactorVersion);
      store.enrollments.remove(expected.userId());
      save(d, effects);
    }
  }

  @Override
  public void replaceRecoveryCodes(UserState expected, RecoveryCodeSet codes, String writeId,
      SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.credentialCount() == expected.credentialCount());
      require(current.hasTotp() == expected.hasTotp());
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.setCodes(codes);
      save(d, effects);
    }
  }

  @Override
  public void removeFactor(UserState expected, String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.credentialCount() == expected.credentialCount());
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      removeEveryMethod(d, expected);
      save(d, effects);
    }
  }

  @Override
  public void reset(UserState expected, String onlyMemberOf, String writeId,
      SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.credentialCount() == expected.credentialCount());
      if (onlyMemberOf != null) {
        // An admin reset: no org but this one has recorded the user meanwhile.
        Set<String> ids = store.orgIds.getOrDefault(expected.userId(), new TreeSet<>());
        require(ids.isEmpty() || ids.equals(Set.of(onlyMemberOf)));
      }
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      for (FailureKind kind : FailureKind.values()) {
        d.clearAttempts(kind);
      }
      removeEveryMethod(d, expected);
      save(d, effects);
    }
  }

  @Override
  public void removeTotp(UserState expected, String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.hasTotp());
      require(current.credentialCount() == expected.credentialCount());
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.factorVersion = expected.factorVersion() + 1;
      d.removeTotp();
      store.enrollments.remove(expected.userId());
      save(d, effects);
    }
  }

  @Override
  public void replacePendingRegistration(PendingRegistration pending, SideEffects effects) {
    synchronized (store) {
      store.requireEffects(effects);
      store.registrations.put(pending.userId(), new PendingRegistration(pending.userId(),
          pending.registrationId(), pending.challenge(), pending.userHandle(),
          pending.factorVersion(), millis(pending.createdAt()), millis(pending.expiresAt())));
      store.applyEffects(effects);
    }
  }

  @Override
  public void useUpRegistration(PendingRegistration pending, SideEffects effects) {
    synchronized (store) {
      requireRegistration(pending);
      store.requireEffects(effects);
      store.registrations.remove(pending.userId());
      store.applyEffects(effects);
    }
  }

  @Override
  public void completeRegistration(UserState expected, PendingRegistration pending,
      WebAuthnCredential credential, RecoveryCodeSet newCodes, boolean newFactorVersion,
      Instant now, String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.credentialCount() == expected.credentialCount());
      requireRegistration(pending);
      require(!credentialsOf(credential.userId()).containsKey(credential.key()));
      require(!store.owners.containsKey(credential.key()));
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      if (d.webauthnUserHandle == null) {
        d.webauthnUserHandle = pending.userHandle();
      }
      d.lastVerifiedAt = now;
      d.credentials = new TreeMap<>(expected.credentials());
      d.credentials.put(credential.key(), credential.ref());
      methodSetChange(d, expected, newCodes, newFactorVersion);
      store.registrations.remove(expected.userId());
      store.credentials.computeIfAbsent(credential.userId(), k -> new TreeMap<>())
          .put(credential.key(), stored(credential, credential.signCount(),
              credential.backedUp(), credential.lastUsedAt(), credential.name()));
      store.owners.put(credential.key(), expected.userId());
      save(d, effects);
    }
  }

  @Override
  public void replacePendingAssertion(PendingAssertion pending, SideEffects effects) {
    synchronized (store) {
      store.requireEffects(effects);
      store.assertions.put(pending.userId(), new PendingAssertion(pending.userId(),
          pending.assertionId(), pending.challenge(), millis(pending.createdAt()),
          millis(pending.expiresAt())));
      store.applyEffects(effects);
    }
  }

  @Override
  public void acceptAssertion(UserState expected, PendingAssertion assertion,
      WebAuthnCredential credential, long signCount, boolean backedUp, Instant now,
      DeviceIndex devices, String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      requireUnlocked(current, expected, FailureKind.WEBAUTHN, now);
      requireDevices(current, expected, devices);
      requireAssertion(assertion);
      WebAuthnCredential stored = credentialsOf(expected.userId()).get(credential.key());
      // The counter is still the one read (an absent credential passes only for a counter of 0
      // in DynamoDB, where the item would be made; a removal has changed the factor version).
      require(stored != null && stored.signCount() == credential.signCount());
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.lastVerifiedAt = now;
      d.clearAttempts(FailureKind.WEBAUTHN);
      changeDevices(d, expected, devices);
      store.assertions.remove(assertion.userId());
      store.credentials.get(expected.userId()).put(credential.key(),
          stored(stored, signCount, backedUp, now, stored.name()));
      save(d, effects);
    }
  }

  @Override
  public void replaceDevices(UserState expected, DeviceIndex devices, String writeId,
      SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      requireDevices(current, expected, devices);
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      changeDevices(d, expected, devices);
      save(d, effects);
    }
  }

  @Override
  public void recordAssertionFailure(UserState expected, PendingAssertion assertion,
      Instant now, Instant lockUntil, String writeId, SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      requireUnlocked(current, expected, FailureKind.WEBAUTHN, now);
      requireAssertion(assertion);
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      countFailure(d, current, expected, FailureKind.WEBAUTHN, lockUntil);
      store.assertions.remove(assertion.userId());
      save(d, effects);
    }
  }

  @Override
  public List<WebAuthnCredential> credentials(String userId) {
    synchronized (store) {
      return List.copyOf(credentialsOf(userId).values());
    }
  }

  @Override
  public void renameCredential(String userId, String credentialKey, String name,
      SideEffects effects) {
    synchronized (store) {
      WebAuthnCredential stored = credentialsOf(userId).get(credentialKey);
      require(stored != null);
      store.requireEffects(effects);
      store.credentials.get(userId).put(credentialKey,
          stored(stored, stored.signCount(), stored.backedUp(), stored.lastUsedAt(), name));
      store.applyEffects(effects);
    }
  }

  @Override
  public void removeCredential(UserState expected, String credentialKey, String writeId,
      SideEffects effects) {
    synchronized (store) {
      UserState current = requireVersion(expected);
      require(current.credentialCount() == expected.credentialCount());
      require(credentialsOf(expected.userId()).containsKey(credentialKey));
      store.requireEffects(effects);
      StateDraft d = draft(current, writeId);
      d.factorVersion = expected.factorVersion() + 1;
      d.credentials = new TreeMap<>(expected.credentials());
      d.credentials.remove(credentialKey);
      store.credentials.get(expected.userId()).remove(credentialKey);
      store.owners.remove(credentialKey);
      save(d, effects);
    }
  }

  // -- Conditions, each as the DynamoDB write states it.

  /** The factor version is still the one read; answers the current state. */
  private UserState requireVersion(UserState expected) {
    UserState current = store.state(expected.userId());
    require(current.factorVersion() == expected.factorVersion());
    return current;
  }

  /** The failure count of {@code kind} is the one read and no timed lock runs at {@code now}. */
  private static void requireUnlocked(UserState current, UserState expected, FailureKind kind,
      Instant now) {
    require(current.failures(kind) == expected.failures(kind));
    Instant until = current.lockedUntil(kind);
    require(until == null || until.toEpochMilli() <= now.toEpochMilli());
  }

  /** With a new device list: the list is still the version read. */
  private static void requireDevices(UserState current, UserState expected, DeviceIndex after) {
    if (after != null) {
      require(current.devices().version() == expected.devices().version());
    }
  }

  /** The pending enrollment is still this one, with the failures and factor version read. */
  private static void requirePending(PendingEnrollment current, PendingEnrollment expected) {
    require(current != null && current.enrollmentId().equals(expected.enrollmentId()));
    require(current.failures() == expected.failures());
    require(expected.factorVersion() == null
        || expected.factorVersion().equals(current.factorVersion()));
  }

  private void requireRegistration(PendingRegistration pending) {
    PendingRegistration current = store.registrations.get(pending.userId());
    require(current != null && current.registrationId().equals(pending.registrationId()));
  }

  private void requireAssertion(PendingAssertion assertion) {
    PendingAssertion current = store.assertions.get(assertion.userId());
    require(current != null && current.assertionId().equals(assertion.assertionId()));
  }

  // -- Changes.

  private static StateDraft draft(UserState current, String writeId) {
    StateDraft d = new StateDraft(current);
    d.lastWriteId = writeId;
    return d;
  }

  private void save(StateDraft d, SideEffects effects) {
    store.states.put(d.userId, d.build());
    store.applyEffects(effects);
  }

  private static void countFailure(StateDraft d, UserState current, UserState expected,
      FailureKind kind, Instant lockUntil) {
    Instant until = lockUntil != null ? lockUntil : current.lockedUntil(kind);
    d.attempts.put(kind, new Attempts(expected.failures(kind) + 1, until));
  }

  private static void methodSetChange(StateDraft d, UserState expected,
      RecoveryCodeSet newCodes, boolean newFactorVersion) {
    if (newFactorVersion) {
      d.factorVersion = expected.factorVersion() + 1;
    }
    if (newCodes != null) {
      d.setCodes(newCodes);
    }
  }

  /**
   * Every method (the app, every credential read with its owner item), the codes, the pending
   * set-ups and assertion go; the factor version increases.
   */
  private void removeEveryMethod(StateDraft d, UserState expected) {
    d.factorVersion = expected.factorVersion() + 1;
    d.removeTotp();
    d.recoverySalt = null;
    d.recoveryHashes = null;
    d.recoveryIterations = 0;
    d.credentials = new TreeMap<>();
    TreeMap<String, WebAuthnCredential> items = store.credentials.get(expected.userId());
    for (String key : expected.credentials().keySet()) {
      if (items != null) {
        items.remove(key);
      }
      store.owners.remove(key);
    }
    store.enrollments.remove(expected.userId());
    store.registrations.remove(expected.userId());
    store.assertions.remove(expected.userId());
  }

  /**
   * The list of remembered devices becomes {@code after}; device items that leave the list (as
   * read) are deleted, those that join it written. Nothing when {@code after} is null.
   */
  private void changeDevices(StateDraft d, UserState expected, DeviceIndex after) {
    if (after == null) {
      return;
    }
    DeviceIndex before = expected.devices();
    d.devicesVersion = after.version();
    d.devices = new java.util.LinkedHashMap<>(after.devices());
    for (String hash : before.devices().keySet()) {
      if (!after.contains(hash)) {
        store.devices.getOrDefault(expected.userId(), new HashMap<>()).remove(hash);
      }
    }
    for (RememberedDevice added : after.devices().values()) {
      if (!before.contains(added.hash())) {
        store.devices.computeIfAbsent(added.userId(), k -> new HashMap<>()).put(added.hash(),
            new RememberedDevice(added.hash(), added.userId(), added.orgId(),
                added.factorVersion(), millis(added.createdAt()), millis(added.expiresAt())));
      }
    }
  }

  private Map<String, WebAuthnCredential> credentialsOf(String userId) {
    return store.credentials.getOrDefault(userId, new TreeMap<>());
  }

  private static PendingEnrollment stored(PendingEnrollment p, int failures, String writeId) {
    return new PendingEnrollment(p.userId(), p.enrollmentId(), p.secret(), p.factorVersion(),
        millis(p.createdAt()), millis(p.expiresAt()), failures, writeId);
  }

  private static WebAuthnCredential stored(WebAuthnCredential c, long signCount,
      boolean backedUp, Instant lastUsedAt, String name) {
    return new WebAuthnCredential(c.userId(), c.key(), c.credentialId(), c.publicKeyCose(),
        c.algorithm(), signCount, c.backupEligible(), backedUp, c.transports(), c.aaguid(),
        Objects.requireNonNull(name, "name"), millis(c.createdAt()), millis(lastUsedAt));
  }
}
