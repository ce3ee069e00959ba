package dev.keyfob.store.memory;

import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.ConcurrentUpdateException;
import dev.keyfob.store.Membership;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.OrgSettings;
import dev.keyfob.store.PendingAssertion;
import dev.keyfob.store.PendingEnrollment;
import dev.keyfob.store.PendingRegistration;
import dev.keyfob.store.RememberedDevice;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.SigningKeyRecord;
import dev.keyfob.store.SigningKeyRepository;
import dev.keyfob.store.Storage;
import dev.keyfob.store.UserState;
import dev.keyfob.store.WebAuthnCredential;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * keyfob's storage in memory: the fake of {@link dev.keyfob.store.DynamoStorage} that the rule
 * tests run on. It keeps what the table's items keep, as the records the repositories return,
 * and honours the repositories' contracts as the DynamoDB ones do (the contract suites in
 * {@code dev.keyfob.store} run against both): every conditional write checks all of its
 * conditions, those of its side effects included, before it changes anything, and throws
 * {@link ConcurrentUpdateException} with nothing written when one fails; times are kept to the
 * millisecond, as the items store them.
 *
 * <p>Thread-safe: every read and write of the three repositories holds this object's one lock,
 * so each is atomic as a DynamoDB transaction is. Nothing expires: like the emulator, and like
 * DynamoDB within its TTL delay, expired items stay until they are deleted, and code checks
 * expiry itself.
 */
public final class InMemoryStorage implements Storage {

  // The user partitions (USER#<id>), by user id.
  final Map<String, UserState> states = new HashMap<>();
  final Map<String, PendingEnrollment> enrollments = new HashMap<>();
  final Map<String, PendingRegistration> registrations = new HashMap<>();
  final Map<String, PendingAssertion> assertions = new HashMap<>();
  /** By user id, then org id. */
  final Map<String, TreeMap<String, Membership>> memberships = new HashMap<>();
  /** The user's set of org ids ({@code USER#<id> / ORGS}). */
  final Map<String, TreeSet<String>> orgIds = new HashMap<>();
  /** By user id, then credential key. */
  final Map<String, TreeMap<String, WebAuthnCredential>> credentials = new HashMap<>();
  /** Who registered a credential id, by credential key ({@code CREDENTIAL#<key> / OWNER}). */
  final Map<String, String> owners = new HashMap<>();
  /** Remembered-device items by user id, then token hash. */
  final Map<String, Map<String, RememberedDevice>> devices = new HashMap<>();

  // The org partitions (ORG#<id>), by org id.
  final Map<String, OrgSettings> settings = new HashMap<>();
  /** By org id, then event id (ascending; listings read it newest first). */
  final Map<String, TreeMap<String, AuditEvent>> auditEvents = new HashMap<>();

  // SIGNING_KEYS: every key by kid, and the pointer to the active one with its copy.
  final TreeMap<String, SigningKeyRecord> signingKeyItems = new TreeMap<>();
  SigningKeyRecord activeSigningKey;

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository(this);
  private final InMemoryOrgRepository orgs = new InMemoryOrgRepository(this);
  private final InMemorySigningKeyRepository signingKeys = new InMemorySigningKeyRepository(this);

  @Override
  public AccountRepository accounts() {
    return accounts;
  }

  @Override
  public OrgRepository orgs() {
    return orgs;
  }

  @Override
  public SigningKeyRepository signingKeys() {
    return signingKeys;
  }

  /** The condition of a write: when it does not hold, nothing is written. */
  static void require(boolean condition) {
    if (!condition) {
      throw new ConcurrentUpdateException();
    }
  }

  /** A time as an item keeps it: epoch milliseconds. */
  static Instant millis(Instant t) {
    return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli());
  }

  /** The state of a user; {@link UserState#empty} when none was ever written. */
  UserState state(String userId) {
    return states.getOrDefault(userId, UserState.empty(userId));
  }

  /** The settings of an org; the defaults when none were ever saved. */
  OrgSettings orgSettings(String orgId) {
    return settings.getOrDefault(orgId, OrgSettings.defaults(orgId));
  }

  /**
   * The conditions of the side effects: each audit event is a new item (its id is not taken).
   * Call before changing anything.
   */
  void requireEffects(SideEffects effects) {
    for (AuditEvent event : effects.events()) {
      TreeMap<String, AuditEvent> trail = auditEvents.get(event.orgId());
      require(trail == null || !trail.containsKey(event.id()));
    }
  }

  /** Writes the side effects; their conditions were checked with {@link #requireEffects}. */
  void applyEffects(SideEffects effects) {
    if (effects.membership() != null) {
      upsertMembership(effects.membership());
    }
    for (AuditEvent event : effects.events()) {
      putAuditEvent(event);
    }
  }

  /**
   * Records a membership, keeping the first-seen time of an earlier record, and adds the org to
   * the user's set of orgs.
   */
  void upsertMembership(Membership m) {
    TreeMap<String, Membership> ofUser =
        memberships.computeIfAbsent(m.userId(), k -> new TreeMap<>());
    Membership earlier = ofUser.get(m.orgId());
    Instant firstSeen = earlier != null && earlier.firstSeenAt() != null ? earlier.firstSeenAt()
        : millis(m.firstSeenAt() == null ? Instant.EPOCH : m.firstSeenAt());
    ofUser.put(m.orgId(), new Membership(m.userId(), m.orgId(), m.email(), firstSeen));
    orgIds.computeIfAbsent(m.userId(), k -> new TreeSet<>()).add(m.orgId());
  }

  /** Stores an event as its item does: no expiry is read back. */
  void putAuditEvent(AuditEvent e) {
    auditEvents.computeIfAbsent(e.orgId(), k -> new TreeMap<>()).put(e.id(), new AuditEvent(
        e.orgId(), e.id(), e.type(), millis(e.at()), e.actorId(), e.targetUserId(), e.details(),
        null));
  }
}
