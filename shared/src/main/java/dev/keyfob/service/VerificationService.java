package dev.keyfob.service;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.recovery.RecoveryCodes;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.token.IssuedToken;
import dev.keyfob.token.MfaTokenIssuer;
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
  private final MfaTokenIssuer tokens;
  private final LockoutPolicy lockout;
  private final AuditTrail audit;
  private final RecoveryCodeSets recoveryCodes;
  private final Totp totp;

  VerificationService(AccountRepository accounts, TotpSecretVault vault, MfaTokenIssuer tokens,
      LockoutPolicy lockout, AuditTrail audit, RecoveryCodeSets recoveryCodes, Totp totp) {
    this.accounts = accounts;
    this.vault = vault;
    this.tokens = tokens;
    this.lockout = lockout;
    this.audit = audit;
    this.recoveryCodes = recoveryCodes;
    this.totp = totp;
  }

  /** {@code POST /v1/me/two-factor/verify}. */
  public IssuedToken verify(Caller caller, String rawCode) {
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    Optional<String> code = OtpCode.parse(rawCode);
    SecretCache secrets = new SecretCache();
    return Conflicts.retry(caller, accounts, c -> verifyOnce(c, code, secrets));
  }

  private IssuedToken verifyOnce(Caller c, Optional<String> code, SecretCache secrets) {
    UserState state = c.snapshot().state();
    Instant now = c.now();
    if (!state.hasFactor()) {
      throw Outcomes.notEnrolled();
    }
    if (lockout.locked(state, FailureKind.TOTP, now)) {
      throw Outcomes.locked(lockout, state, FailureKind.TOTP, now);
    }
    OptionalLong step = OptionalLong.empty();
    if (code.isPresent()) {
      long lastStep = state.lastStep() == null ? Long.MIN_VALUE : state.lastStep();
      step = totp.acceptableStep(secrets.open(state, vault), code.get(), lastStep);
    }
    if (step.isEmpty()) {
      throw recordFailure(c, FailureKind.TOTP);
    }
    // Signed before the write: a token that can yield no MFA token (expired, inside the
    // leeway) is refused before the code is used up.
    IssuedToken token = tokens.issue(c.principal(), "otp", state.factorVersion());
    accounts.acceptTotp(state, step.getAsLong(), now, c.membershipEffects());
    return token;
  }

  /** {@code POST /v1/me/two-factor/recover}. */
  public RecoveryResult recover(Caller caller, String rawRecoveryCode) {
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    Optional<String> normalized = RecoveryCodes.normalize(rawRecoveryCode);
    HashCache hashes = new HashCache();
    return Conflicts.retry(caller, accounts, c -> recoverOnce(c, normalized, hashes));
  }

  private RecoveryResult recoverOnce(Caller c, Optional<String> normalized, HashCache hashes) {
    UserState state = c.snapshot().state();
    Instant now = c.now();
    if (!state.hasFactor()) {
      throw Outcomes.notEnrolled();
    }
    if (lockout.locked(state, FailureKind.RECOVERY_CODE, now)) {
      throw Outcomes.locked(lockout, state, FailureKind.RECOVERY_CODE, now);
    }
    String matched = normalized
        .map(code -> RecoveryCodeSets.match(state.recoveryHashes(),
            hashes.hash(state.recoverySalt(), code, recoveryCodes)))
        .orElse(null);
    if (matched == null) {
      throw recordFailure(c, FailureKind.RECOVERY_CODE);
    }
    int remaining = state.recoveryHashes().size() - 1;
    boolean last = remaining == 0;
    Map<String, String> details = new LinkedHashMap<>();
    details.put("recoveryCodesRemaining", Integer.toString(remaining));
    details.put("reenrollRequired", Boolean.toString(last));
    SideEffects effects = c.membershipEffects().with(audit.event(c.orgId(),
        AuditEventType.RECOVERY_CODE_USED, now, c.userId(), c.userId(), details));
    long factorVersion = last ? state.factorVersion() + 1 : state.factorVersion();
    // Signed before the write, so a refused token never costs the user a recovery code.
    IssuedToken token = tokens.issue(c.principal(), "recovery_code", factorVersion);
    accounts.consumeRecoveryCode(state, matched, now, effects);
    return new RecoveryResult(token, remaining, last);
  }

  /**
   * Counts one failure of {@code kind} and returns the 401 to answer. The write is conditional
   * on the count read, so it is counted exactly once or, after a lost race, decided again on
   * fresh state (which may by then be locked: 429).
   */
  private ProblemException recordFailure(Caller c, FailureKind kind) {
    UserState state = c.snapshot().state();
    Instant now = c.now();
    int failures = state.failures(kind) + 1;
    Instant lockUntil = lockout.lockAfter(failures, now);
    SideEffects effects = c.membershipEffects();
    if (lockUntil != null || lockout.permanent(failures)) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("kind", kind.name());
      details.put("consecutiveFailures", Integer.toString(failures));
      details.put("lockedUntil", lockUntil == null ? "permanent"
          : Outcomes.ceilToSecond(lockUntil).toString());
      effects = effects.with(audit.event(c.orgId(), AuditEventType.LOCKED, now, c.userId(),
          c.userId(), details));
    }
    accounts.recordFailure(state, kind, now, lockUntil, effects);
    return Outcomes.wrongCode(kind, lockout.attemptsRemaining(failures));
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

  /** The attempt's hash under one salt, so retries hash once. */
  private static final class HashCache {
    private byte[] salt;
    private String hash;

    String hash(byte[] forSalt, String normalized, RecoveryCodeSets sets) {
      if (hash == null || !Arrays.equals(salt, forSalt)) {
        hash = sets.hashOf(forSalt, normalized);
        salt = forSalt;
      }
      return hash;
    }
  }
}
