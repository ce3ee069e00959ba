package dev.keyfob.store.memory;

import static dev.keyfob.store.memory.InMemoryStorage.millis;

import dev.keyfob.store.Attempts;
import dev.keyfob.store.CredentialRef;
import dev.keyfob.store.DeviceIndex;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.RecoveryCodeSet;
import dev.keyfob.store.RememberedDevice;
import dev.keyfob.store.TotpFactor;
import dev.keyfob.store.UserState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A user's state item being changed: its attributes one by one, as an {@code UpdateItem} sets
 * and removes them, turned back into the {@link UserState} a read of the item gives.
 */
final class StateDraft {

  final String userId;
  long factorVersion;
  byte[] secret;
  Instant enrolledAt;
  Long lastStep;
  byte[] recoverySalt;
  int recoveryIterations;
  Set<String> recoveryHashes;
  Map<String, CredentialRef> credentials;
  byte[] webauthnUserHandle;
  final Map<FailureKind, Attempts> attempts = new EnumMap<>(FailureKind.class);
  Map<String, RememberedDevice> devices;
  long devicesVersion;
  Instant lastVerifiedAt;
  String lastWriteId;

  StateDraft(UserState s) {
    userId = s.userId();
    factorVersion = s.factorVersion();
    if (s.totp() != null) {
      secret = s.totp().secret();
      enrolledAt = s.totp().enrolledAt();
      lastStep = s.totp().lastStep();
    }
    if (s.recoveryCodes() != null) {
      setCodes(s.recoveryCodes());
    }
    credentials = new LinkedHashMap<>(s.credentials());
    webauthnUserHandle = s.webauthnUserHandle();
    attempts.putAll(s.attempts());
    devices = new LinkedHashMap<>(s.devices().devices());
    devicesVersion = s.devices().version();
    lastVerifiedAt = s.lastVerifiedAt();
    lastWriteId = s.lastWriteId();
  }

  void setCodes(RecoveryCodeSet codes) {
    recoverySalt = codes.salt();
    recoveryIterations = codes.iterations();
    recoveryHashes = new HashSet<>(codes.hashes());
  }

  void removeTotp() {
    secret = null;
    enrolledAt = null;
    lastStep = null;
  }

  /** A success of {@code kind}: count and lock removed. */
  void clearAttempts(FailureKind kind) {
    attempts.remove(kind);
  }

  /** What the item reads as, times to the millisecond. */
  UserState build() {
    TotpFactor totp = secret == null ? null
        : new TotpFactor(secret, millis(enrolledAt), lastStep);
    RecoveryCodeSet codes = recoverySalt == null ? null
        : new RecoveryCodeSet(recoverySalt, recoveryIterations,
            recoveryHashes == null ? Set.of() : recoveryHashes);
    Map<FailureKind, Attempts> kept = new EnumMap<>(FailureKind.class);
    attempts.forEach((kind, a) -> {
      if (a.failures() != 0 || a.lockedUntil() != null) {
        kept.put(kind, new Attempts(a.failures(), millis(a.lockedUntil())));
      }
    });
    Map<String, RememberedDevice> listed = new LinkedHashMap<>();
    devices.forEach((hash, d) -> listed.put(hash, new RememberedDevice(hash, userId, d.orgId(),
        d.factorVersion(), millis(d.createdAt()), millis(d.expiresAt()))));
    return new UserState(userId, factorVersion, totp, codes, new TreeMap<>(credentials),
        webauthnUserHandle, kept, new DeviceIndex(listed, devicesVersion),
        millis(lastVerifiedAt), lastWriteId);
  }
}
