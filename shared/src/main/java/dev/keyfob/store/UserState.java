package dev.keyfob.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's second-factor state ({@code USER#<id> / STATE}): the factor's methods (the
 * authenticator app, and the security keys and passkeys listed by {@link CredentialRef}), the
 * recovery codes that serve them all, the factor version MFA tokens carry as {@code fv}, the
 * failure counts and locks of each kind, and the user's WebAuthn user handle.
 *
 * <p>The item is never deleted, only emptied, so the factor version only ever grows and an MFA
 * token issued before a reset can never become valid again. A user with no item is
 * {@link #empty(String)}: no factor, version 0, no failures.
 *
 * @param totp the authenticator app; null when the user has none
 * @param recoveryCodes the current recovery-code set (unused codes only); null when none
 * @param credentials the user's WebAuthn credentials by storage key; empty when none
 * @param webauthnUserHandle the opaque random {@code user.id} of the user's WebAuthn
 *     registrations; null before the first
 * @param attempts the failure count and lock of each kind; a missing kind has none
 * @param devices the browsers the user chose to remember, in every org
 * @param lastWriteId random id of the request attempt that last changed the item, so an attempt
 *     whose answer was lost can tell that its write took effect
 */
public record UserState(
    String userId,
    long factorVersion,
    TotpFactor totp,
    RecoveryCodeSet recoveryCodes,
    Map<String, CredentialRef> credentials,
    byte[] webauthnUserHandle,
    Map<FailureKind, Attempts> attempts,
    DeviceIndex devices,
    Instant lastVerifiedAt,
    String lastWriteId) {

  /** Most WebAuthn credentials a user may register. */
  public static final int MAX_CREDENTIALS = 10;

  static final String FACTOR_VERSION = "fv";
  static final String SECRET = "secret";
  static final String ENROLLED_AT = "enrolledAt";
  static final String LAST_STEP = "lastStep";
  static final String LAST_VERIFIED_AT = "lastVerifiedAt";
  static final String RECOVERY_SALT = "rcSalt";
  static final String RECOVERY_HASHES = "rcHashes";
  static final String RECOVERY_ITERATIONS = "rcIterations";
  static final String TOTP_FAILURES = "totpFailures";
  static final String TOTP_LOCKED_UNTIL = "totpLockedUntil";
  static final String RECOVERY_FAILURES = "rcFailures";
  static final String RECOVERY_LOCKED_UNTIL = "rcLockedUntil";
  static final String WEBAUTHN_FAILURES = "waFailures";
  static final String WEBAUTHN_LOCKED_UNTIL = "waLockedUntil";
  static final String WEBAUTHN_USER_HANDLE = "waHandle";
  static final String CREDENTIALS = "waCreds";
  static final String CREDENTIAL_ID = "id";
  static final String CREDENTIAL_TRANSPORTS = "tr";
  static final String LAST_WRITE_ID = "writeId";
  static final String DEVICES = "devices";
  static final String DEVICES_VERSION = "devicesVersion";

  public UserState {
    Objects.requireNonNull(userId, "userId");
    credentials = credentials == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    webauthnUserHandle = webauthnUserHandle == null ? null : webauthnUserHandle.clone();
    Map<FailureKind, Attempts> copy = new EnumMap<>(FailureKind.class);
    if (attempts != null) {
      copy.putAll(attempts);
    }
    attempts = java.util.Collections.unmodifiableMap(copy);
    devices = devices == null ? DeviceIndex.EMPTY : devices;
  }

  /** The state of a user keyfob has never stored anything for. */
  public static UserState empty(String userId) {
    return new UserState(userId, 0, null, null, Map.of(), null, Map.of(), DeviceIndex.EMPTY, null,
        null);
  }

  /** Whether any method is active: the app or at least one security key or passkey. */
  public boolean hasFactor() {
    return hasTotp() || !credentials.isEmpty();
  }

  /** Whether the authenticator app is active. */
  public boolean hasTotp() {
    return totp != null;
  }

  /** How many security keys and passkeys the user has. */
  public int credentialCount() {
    return credentials.size();
  }

  /** The app's secret envelope, or null. */
  public byte[] secret() {
    return totp == null ? null : totp.secret();
  }

  /** The last TOTP step accepted for the app's secret, or null. */
  public Long lastStep() {
    return totp == null ? null : totp.lastStep();
  }

  /** Hashes of the unused recovery codes; empty without a set. */
  public Set<String> recoveryHashes() {
    return recoveryCodes == null ? Set.of() : recoveryCodes.hashes();
  }

  public int recoveryCodesRemaining() {
    return hasFactor() ? recoveryHashes().size() : 0;
  }

  @Override
  public byte[] webauthnUserHandle() {
    return webauthnUserHandle == null ? null : webauthnUserHandle.clone();
  }

  /** Consecutive failures of one kind. */
  public int failures(FailureKind kind) {
    return attempts.getOrDefault(kind, Attempts.NONE).failures();
  }

  /** End of the timed lock of one kind, or null; may lie in the past. */
  public Instant lockedUntil(FailureKind kind) {
    return attempts.getOrDefault(kind, Attempts.NONE).lockedUntil();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserState other
        && userId.equals(other.userId)
        && factorVersion == other.factorVersion
        && Objects.equals(totp, other.totp)
        && recoveryHashes().equals(other.recoveryHashes())
        && credentials.keySet().equals(other.credentials.keySet())
        && attempts.equals(other.attempts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, factorVersion, lastStep(), credentials.keySet(), attempts);
  }

  /** Never prints the secret or the hashes. */
  @Override
  public String toString() {
    return "UserState[userId=" + userId + ", fv=" + factorVersion + ", totp=" + hasTotp()
        + ", credentials=" + credentials.size() + ", codes=" + recoveryHashes().size()
        + ", attempts=" + attempts + ", devices=" + devices.size() + "]";
  }

  /** Reads the state from its DynamoDB item. */
  static UserState fromItem(Map<String, AttributeValue> item) {
    byte[] secret = Items.bytes(item, SECRET);
    TotpFactor totp = secret == null ? null : new TotpFactor(secret,
        Items.instant(item, ENROLLED_AT), Items.nullableNumber(item, LAST_STEP));
    byte[] salt = Items.bytes(item, RECOVERY_SALT);
    RecoveryCodeSet codes = salt == null ? null : new RecoveryCodeSet(salt,
        Items.integer(item, RECOVERY_ITERATIONS),
        Items.stringSet(item, RECOVERY_HASHES));
    Map<FailureKind, Attempts> attempts = new EnumMap<>(FailureKind.class);
    for (FailureKind kind : FailureKind.values()) {
      int failures = Items.integer(item, kind.failuresAttribute());
      Instant until = Items.instant(item, kind.lockedUntilAttribute());
      if (failures != 0 || until != null) {
        attempts.put(kind, new Attempts(failures, until));
      }
    }
    String userId = Items.string(item, "userId");
    return new UserState(
        userId,
        Items.number(item, FACTOR_VERSION),
        totp,
        codes,
        credentialsOf(item),
        Items.bytes(item, WEBAUTHN_USER_HANDLE),
        attempts,
        devicesOf(userId, item),
        Items.instant(item, LAST_VERIFIED_AT),
        Items.string(item, LAST_WRITE_ID));
  }

  private static Map<String, CredentialRef> credentialsOf(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(CREDENTIALS);
    Map<String, CredentialRef> result = new LinkedHashMap<>();
    if (v == null || !v.hasM()) {
      return result;
    }
    v.m().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      Map<String, AttributeValue> ref = e.getValue().m();
      List<String> transports = new ArrayList<>();
      AttributeValue tr = ref.get(CREDENTIAL_TRANSPORTS);
      if (tr != null && tr.hasL()) {
        tr.l().forEach(t -> transports.add(t.s()));
      }
      result.put(e.getKey(), new CredentialRef(e.getKey(),
          ref.get(CREDENTIAL_ID).b().asByteArray(), transports));
    });
    return result;
  }

  private static DeviceIndex devicesOf(String userId, Map<String, AttributeValue> item) {
    AttributeValue v = item.get(DEVICES);
    Map<String, RememberedDevice> devices = new LinkedHashMap<>();
    if (v != null && v.hasM()) {
      v.m().forEach((hash, entry) ->
          devices.put(hash, RememberedDevice.fromIndexEntry(userId, hash, entry)));
    }
    return new DeviceIndex(devices, Items.number(item, DEVICES_VERSION));
  }

  /** The list entry of one credential, as {@link #CREDENTIALS} holds it. */
  static AttributeValue credentialRefValue(CredentialRef ref) {
    List<AttributeValue> transports = new ArrayList<>();
    ref.transports().forEach(t -> transports.add(AttributeValue.fromS(t)));
    return AttributeValue.fromM(Map.of(
        CREDENTIAL_ID, AttributeValue.fromB(SdkBytes.fromByteArray(ref.credentialId())),
        CREDENTIAL_TRANSPORTS, AttributeValue.fromL(transports)));
  }
}
