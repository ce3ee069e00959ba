package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.recovery.RecoveryCodes;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.totp.OtpCode;
import dev.keyfob.totp.Totp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The second factor at sign-in: a TOTP code ({@code /verify}) or a recovery code
 * ({@code /recover}). Success and failure are each one conditional write on the user's state,
 * so a code is accepted once however many requests carry it, and of many simultaneous wrong
 * attempts exactly the remaining allowance is counted before the lock refuses the rest.
 */
public final class VerificationService {

  private final AccountRepository accounts;
  private final TotpSecretVault vault;
  private final TokenSigning signing;
  private final LockoutPolicy lockout;
  private final AuditTrail audit;
  private final RecoveryCodeSets recoveryCodes;
  private final Totp totp;
  private final RememberedDevices devices;

  VerificationService(AccountRepository accounts, TotpSecretVault vault, TokenSigning signing,
      LockoutPolicy lockout, AuditTrail audit, RecoveryCodeSets recoveryCodes, Totp totp,
      RememberedDevices devices) {
    this.accounts = accounts;
    this.vault = vault;
    this.signing = signing;
    this.lockout = lockout;
    this.audit = audit;
    this.recoveryCodes = recoveryCodes;
    this.totp = totp;
    this.devices = devices;
  }

  /**
   * {@code POST /v1/me/two-factor/verify}.
   *
   * @param rememberDevice whether to remember the browser, if the org allows it
   */
  public Verified verify(Caller caller, String rawCode, boolean rememberDevice) {
    requireNotExempt(caller);
    Optional<String> code = OtpCode.parse(rawCode);
    SecretCache secrets = new SecretCache();
    RememberedDevices.DeviceRequest device = devices.request(rememberDevice);
    WriteOnce<Verified> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write,
        c -> verifyOnce(c, code, secrets, device, write));
  }

  private Verified verifyOnce(Caller c, Optional<String> code, SecretCache secrets,
      RememberedDevices.DeviceRequest device, WriteOnce<Verified> write) {
    UserState state = c.snapshot().state();
    Instant now = c.now();
    requireUsable(state, FailureKind.TOTP, now);
    OptionalLong step = OptionalLong.empty();
    if (code.isPresent()) {
      step = totp.acceptableStep(secrets.open(state, vault), code.get(),
          TotpReplay.lastUsedStep(state));
    }
    if (step.isEmpty()) {
      throw recordFailure(c, FailureKind.TOTP, write);
    }
    // Checked before the write, so a token that cannot be issued (the sign-in token has
    // expired, the signing key cannot be loaded) leaves the code unused; signed during the
    // write and handed out only if it succeeds.
    TokenSigning.Pending token = signing.start(c.principal(), "otp", state.factorVersion());
    RememberedDevices.Grant grant = devices.grant(c, device, state.factorVersion());
    DeviceToken deviceToken = RememberedDevices.Grant.tokenOf(grant);
    accounts.acceptTotp(state, step.getAsLong(), now, RememberedDevices.Grant.devicesOf(grant),
        write.next(() -> new Verified(token.join(), deviceToken)), c.membershipEffects());
    return new Verified(token.join(), deviceToken);
  }

  /**
   * {@code POST /v1/me/two-factor/recover}.
   *
   * @param rememberDevice whether to remember the browser, if the org allows it and a code
   *     remains (after the last one the user sets up a factor afresh)
   */
  public RecoveryResult recover(Caller caller, String rawRecoveryCode, boolean rememberDevice) {
    requireNotExempt(caller);
    Optional<String> normalized = RecoveryCodes.normalize(rawRecoveryCode);
    HashCache hashes = new HashCache();
    RememberedDevices.DeviceRequest device = devices.request(rememberDevice);
    WriteOnce<RecoveryResult> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write,
        c -> recoverOnce(c, normalized, hashes, device, write));
  }

  private RecoveryResult recoverOnce(Caller c, Optional<String> normalized, HashCache hashes,
      RememberedDevices.DeviceRequest device, WriteOnce<RecoveryResult> write) {
    UserState state = c.snapshot().state();
    Instant now = c.now();
    requireUsable(state, FailureKind.RECOVERY_CODE, now);
    String matched = normalized
        .map(code -> RecoveryCodeSets.match(state.recoveryHashes(),
            hashes.hash(state, code, recoveryCodes)))
        .orElse(null);
    if (matched == null) {
      throw recordFailure(c, FailureKind.RECOVERY_CODE, write);
    }
    int remaining = state.recoveryHashes().size() - 1;
    boolean last = RecoveryCodeSets.isLastCode(state);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("recoveryCodesRemaining", Integer.toString(remaining));
    details.put("reenrollRequired", Boolean.toString(last));
    SideEffects effects = c.membershipEffects().with(audit.event(c.orgId(),
        AuditEventType.RECOVERY_CODE_USED, now, c.userId(), c.userId(), details));
    long factorVersion = last ? state.factorVersion() + 1 : state.factorVersion();
    TokenSigning.Pending token = signing.start(c.principal(), "recovery_code", factorVersion);
    // The last code removes the factor: nothing is left for a remembered browser to stand for.
    RememberedDevices.Grant grant = last ? null : devices.grant(c, device, factorVersion);
    DeviceToken deviceToken = RememberedDevices.Grant.tokenOf(grant);
    accounts.consumeRecoveryCode(state, matched, last, now,
        RememberedDevices.Grant.devicesOf(grant),
        write.next(() -> new RecoveryResult(token.join(), remaining, last, deviceToken)),
        effects);
    return new RecoveryResult(token.join(), remaining, last, deviceToken);
  }

  /** SSO users are outside keyfob's 2FA; the contract checks this before NOT_ENROLLED. */
  private static void requireNotExempt(Caller caller) {
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
  }

  /** A factor to check against (for a code, the app itself), and the kind not locked. */
  private void requireUsable(UserState state, FailureKind kind, Instant now) {
    if (!state.hasFactor()) {
      throw Outcomes.notEnrolled();
    }
    if (kind == FailureKind.TOTP && !state.hasTotp()) {
      throw Outcomes.methodNotEnrolled("authenticator app");
    }
    if (lockout.locked(state, kind, now)) {
      throw Outcomes.locked(lockout, state, kind, now);
    }
  }

  /**
   * Counts one failure of {@code kind} and returns the 401 to answer. The write is conditional
   * on the count read, so it is counted exactly once or, after a lost race, decided again on
   * fresh state (which may by then be locked: 429).
   */
  private ProblemException recordFailure(Caller c, FailureKind kind, WriteOnce<?> write) {
    FailedAttempt failed = FailedAttempt.of(c, kind, lockout, audit, c.membershipEffects());
    accounts.recordFailure(c.snapshot().state(), kind, c.now(), failed.lockUntil(),
        write.next(() -> {
          throw failed.problem();
        }), failed.effects());
    return failed.problem();
  }

  /** The decrypted secret of one factor version, so retries after lost races cost no KMS call. */
  private static final class SecretCache {
    private long factorVersion = -1;
    private byte[] secret;

    byte[] open(UserState state, TotpSecretVault vault) {
      if (secret == null || factorVersion != state.factorVersion()) {
        if (secret != null) {
          Arrays.fill(secret, (byte) 0);
        }
        secret = vault.open(state.userId(), state.secret());
        factorVersion = state.factorVersion();
      }
      return secret;
    }
  }

  /** The attempt's hash under one code set, so retries hash once. */
  private static final class HashCache {
    private byte[] salt;
    private String hash;

    String hash(UserState state, String normalized, RecoveryCodeSets sets) {
      byte[] forSalt = state.recoveryCodes().salt();
      if (hash == null || !Arrays.equals(salt, forSalt)) {
        hash = sets.hashOf(state, normalized);
        salt = forSalt;
      }
      return hash;
    }
  }
}
