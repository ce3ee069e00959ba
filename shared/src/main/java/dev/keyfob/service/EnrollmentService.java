package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.PendingEnrollment;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.OtpCode;
import dev.keyfob.totp.OtpauthUri;
import dev.keyfob.totp.QrCodes;
import dev.keyfob.totp.Totp;
import dev.keyfob.totp.TotpSecrets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Enrollment start and confirm, which also serve a method change: the old factor keeps working
 * until the new one is confirmed, and confirming swaps them in one transaction, so there is no
 * moment with neither and none with both.
 */
public final class EnrollmentService {

  /** Wrong codes after which a pending enrollment is void. */
  static final int CONFIRM_ATTEMPTS = 5;

  private final AccountRepository accounts;
  private final TotpSecretVault vault;
  private final TokenSigning signing;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final RecoveryCodeSets recoveryCodes;
  private final Totp totp;
  private final String issuerName;
  private final Duration enrollmentTtl;
  private final SecureRandom random;

  EnrollmentService(AccountRepository accounts, TotpSecretVault vault, TokenSigning signing,
      AccessPolicy policy, AuditTrail audit, RecoveryCodeSets recoveryCodes, Totp totp,
      String issuerName, Duration enrollmentTtl, SecureRandom random) {
    this.accounts = accounts;
    this.vault = vault;
    this.signing = signing;
    this.policy = policy;
    this.audit = audit;
    this.recoveryCodes = recoveryCodes;
    this.totp = totp;
    this.issuerName = issuerName;
    this.enrollmentTtl = enrollmentTtl;
    this.random = random;
  }

  /** {@code POST /v1/me/two-factor/enrollment}: a new secret, replacing any pending one. */
  public EnrollmentStarted start(Caller caller) {
    if (caller.snapshot().state().hasFactor()) {
      policy.requireRecentMfa(caller);
    }
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    byte[] secret = TotpSecrets.generate(random);
    try {
      String base32 = Base32.encode(secret);
      KeyUri uri = keyUri(caller, base32);
      Instant now = caller.now();
      // Bound to the factor version read: if a confirm, removal or reset changed it before this
      // write lands, the enrollment can never be confirmed.
      PendingEnrollment pending = new PendingEnrollment(caller.userId(), newEnrollmentId(),
          vault.seal(caller.userId(), secret), caller.snapshot().state().factorVersion(), now,
          now.plus(enrollmentTtl), 0, null);
      accounts.replacePendingEnrollment(pending, caller.membershipEffects());
      return new EnrollmentStarted(pending.enrollmentId(), base32, uri.text(), uri.png(),
          uri.svg(), pending.expiresAt());
    } finally {
      java.util.Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * The key URI and its QR codes, rendered before anything is stored. The account label is the
   * email; an email too long for a QR code (or not valid Unicode) is replaced by the user id,
   * which always fits (at most 128 ASCII characters), so no sign-in claim can make this fail.
   */
  private KeyUri keyUri(Caller caller, String base32) {
    String email = caller.principal().email();
    if (email != null) {
      try {
        return KeyUri.of(OtpauthUri.build(issuerName, email, base32));
      } catch (IllegalArgumentException doesNotFit) {
        // fall back to the user id below
      }
    }
    return KeyUri.of(OtpauthUri.build(issuerName, caller.userId(), base32));
  }

  private record KeyUri(String text, String png, String svg) {
    static KeyUri of(String uri) {
      return new KeyUri(uri, QrCodes.pngDataUri(uri), QrCodes.svg(uri));
    }
  }

  /**
   * {@code POST /v1/me/two-factor/enrollment/confirm}: checks a code from the new secret and makes
   * it the user's app; a first factor or a replaced app also gets a new recovery-code set and
   * factor version ({@link MethodAddition}), the app beside security keys neither.
   */
  public EnrollmentConfirmed confirm(Caller caller, String enrollmentId, String rawCode) {
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    Optional<String> code = OtpCode.parse(rawCode);
    Attempt attempt = new Attempt();
    return Conflicts.retry(caller, accounts, c -> confirmOnce(c, enrollmentId, code, attempt));
  }

  private EnrollmentConfirmed confirmOnce(Caller c, String enrollmentId, Optional<String> code,
      Attempt attempt) {
    PendingEnrollment pending = c.snapshot().pending();
    Instant now = c.now();
    if (attempt.write.applied(c.snapshot().state().lastWriteId())
        || (pending != null && attempt.write.applied(pending.lastWriteId()))) {
      return attempt.write.replay();
    }
    if (pending == null || !pending.enrollmentId().equals(enrollmentId)
        || pending.expiredAt(now) || pending.failures() >= CONFIRM_ATTEMPTS
        || !pending.boundTo(c.snapshot().state().factorVersion())) {
      throw Outcomes.enrollmentNotFound();
    }
    OptionalLong step = OptionalLong.empty();
    if (code.isPresent()) {
      byte[] secret = attempt.secretFor(pending, vault);
      step = totp.acceptableStep(secret, code.get(), TotpReplay.NO_STEP_USED);
    }
    if (step.isEmpty()) {
      ProblemException wrong =
          Outcomes.wrongEnrollmentCode(CONFIRM_ATTEMPTS - (pending.failures() + 1));
      accounts.recordEnrollmentFailure(pending, CONFIRM_ATTEMPTS, attempt.write.next(() -> {
        throw wrong;
      }), c.membershipEffects());
      throw wrong;
    }
    UserState state = c.snapshot().state();
    boolean renews = MethodAddition.renewsTheFactor(state, state.hasTotp());
    RecoveryCodeSets.NewSet set = renews ? attempt.codes(recoveryCodes) : null;
    AuditEventType type = state.hasTotp() ? AuditEventType.METHOD_CHANGED
        : AuditEventType.ENROLLMENT_COMPLETED;
    SideEffects effects = c.membershipEffects().with(
        audit.event(c.orgId(), type, now, c.userId(), c.userId(), Map.of("method", "totp")));
    long factorVersion = renews ? state.factorVersion() + 1 : state.factorVersion();
    // Checked first: if no token can be issued, the enrollment stays pending rather than
    // completing with recovery codes nobody was shown.
    TokenSigning.Pending token = signing.start(c.principal(), "otp", factorVersion);
    List<String> codes = set == null ? null : set.codes();
    accounts.completeEnrollment(state, pending, step.getAsLong(),
        set == null ? null : set.stored(), renews, now,
        attempt.write.next(() -> new EnrollmentConfirmed(codes, token.join())), effects);
    return new EnrollmentConfirmed(codes, token.join());
  }

  private String newEnrollmentId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  /**
   * What one confirm request computes at most once, however often it retries after a lost race:
   * the decrypted secret (one KMS call) and the new code set (ten hashes).
   */
  private static final class Attempt {
    private final WriteOnce<EnrollmentConfirmed> write = new WriteOnce<>();
    private String enrollmentId;
    private byte[] secret;
    private RecoveryCodeSets.NewSet codes;

    byte[] secretFor(PendingEnrollment pending, TotpSecretVault vault) {
      if (secret == null || !pending.enrollmentId().equals(enrollmentId)) {
        secret = vault.open(pending.userId(), pending.secret());
        enrollmentId = pending.enrollmentId();
      }
      return secret;
    }

    RecoveryCodeSets.NewSet codes(RecoveryCodeSets sets) {
      if (codes == null) {
        codes = sets.create();
      }
      return codes;
    }
  }
}
