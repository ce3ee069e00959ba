package dev.keyfob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keyfob.store.memory.InMemoryStorage;
import dev.keyfob.testkit.Emulator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * What the repository contract suites share: a fresh {@link Storage} per test, from the backing
 * a concrete suite names (the emulator's table or the in-memory fakes), and test records. Each
 * contract is one abstract class of behaviours with two concrete subclasses, so the fakes the
 * rule tests run on are held to exactly what DynamoDB does.
 */
abstract class StorageContract {

  static final String ALICE = "alice";
  static final String BOB = "bob";
  static final String ORG = "acme";
  static final String OTHER_ORG = "globex";
  /** Nanoseconds too, which storage keeps only to the millisecond. */
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final long STEP = NOW.getEpochSecond() / 30;

  Storage storage;
  AccountRepository accounts;
  OrgRepository orgs;

  /** A new, empty store. */
  protected abstract Storage newStorage();

  @BeforeEach
  void freshStorage() {
    storage = newStorage();
    accounts = storage.accounts();
    orgs = storage.orgs();
  }

  /** A fresh table of the emulator. */
  static Storage onEmulator(Emulator emulator) {
    return new DynamoStorage(emulator.dynamo(), emulator.newTable(TableDefinition::create));
  }

  /** The in-memory fakes. */
  static Storage inMemory() {
    return new InMemoryStorage();
  }

  /** {@code write} throws {@link ConcurrentUpdateException} and leaves {@code everything} as it was. */
  static void assertRefused(Supplier<?> everything, Executable write) {
    Object before = everything.get();
    assertThrows(ConcurrentUpdateException.class, write);
    assertEquals(before, everything.get(), "nothing was written");
  }

  static Instant millis(Instant t) {
    return Instant.ofEpochMilli(t.toEpochMilli());
  }

  static byte[] bytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + i);
    }
    return b;
  }

  static String randomId(String prefix) {
    return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  /** A set of ten hashes, {@code prefix0} to {@code prefix9}. */
  static RecoveryCodeSet codes(String prefix) {
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      hashes.add(prefix + i);
    }
    return new RecoveryCodeSet(bytes(16, prefix.hashCode()), 1000, hashes);
  }

  static PendingEnrollment pending(String userId, Long factorVersion) {
    return new PendingEnrollment(userId, randomId("e-"), bytes(40, 7), factorVersion, NOW,
        NOW.plus(Duration.ofMinutes(10)), 0, null);
  }

  static PendingRegistration registration(String userId, long factorVersion) {
    return new PendingRegistration(userId, randomId("r-"), bytes(32, 3), bytes(16, 9),
        factorVersion, NOW, NOW.plus(Duration.ofMinutes(5)));
  }

  static PendingAssertion assertion(String userId) {
    return new PendingAssertion(userId, randomId("a-"), bytes(32, 5), NOW,
        NOW.plus(Duration.ofMinutes(5)));
  }

  static WebAuthnCredential credential(String userId, int n) {
    byte[] id = ("credential-" + userId + "-" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new WebAuthnCredential(userId, Keys.credentialKey(id), id, bytes(77, n), -7, 0, true,
        false, List.of("usb", "nfc"), "00000000-0000-0000-0000-000000000000", "key " + n, NOW,
        null);
  }

  static RememberedDevice device(String userId, String hash, long factorVersion) {
    return new RememberedDevice(hash, userId, ORG, factorVersion, NOW,
        NOW.plus(Duration.ofDays(30)));
  }

  static AuditEvent event(String orgId) {
    return event(orgId, NOW);
  }

  static AuditEvent event(String orgId, Instant at) {
    return new AuditEvent(orgId, String.format("%013d-%016x", at.toEpochMilli(),
        ThreadLocalRandom.current().nextLong()), AuditEventType.METHOD_CHANGED, at, ALICE, ALICE,
        Map.of("reason", "test"), at.plus(Duration.ofDays(365)));
  }

  /** The side effects a write under test carries: alice seen in the other org, and an event. */
  static SideEffects effects() {
    return SideEffects.of(new Membership(ALICE, OTHER_ORG, "alice@globex.example", NOW),
        event(ORG));
  }
}
