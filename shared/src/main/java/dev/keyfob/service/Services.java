package dev.keyfob.service;

import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.crypto.EnvelopeCipher;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.policy.CallerResolver;
import dev.keyfob.recovery.RecoveryCodeHasher;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.token.MfaTokenIssuer;
import dev.keyfob.token.SigningKeys;
import dev.keyfob.totp.Totp;
import dev.keyfob.webauthn.WebAuthnCeremonyFactory;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.security.SecureRandom;
import java.util.ServiceLoader;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Builds the use-case services from their collaborators, each on first use, so a function that
 * serves only verification never builds enrollment's QR rendering or the admin services.
 * Thread-safe.
 */
public final class Services {

  private final Lazy<StatusService> status;
  private final Lazy<EnrollmentService> enrollment;
  private final Lazy<VerificationService> verification;
  private final Lazy<PersonalSettingsService> personalSettings;
  private final Lazy<OrgSecurityService> orgSecurity;
  private final Lazy<MemberService> members;
  private final Lazy<ResetService> resets;
  private final Lazy<AuditService> audit;
  private final Lazy<JwksService> jwks;
  private final Lazy<WebAuthnService> webauthn;
  private final Lazy<RememberedDevices> devices;
  private final Supplier<CallerResolver> callers;

  /**
   * @param accounts user state storage
   * @param orgs org settings, members and audit storage
   * @param cipher envelope encryption for TOTP secrets
   * @param tokens MFA token issuer
   * @param signingKeys the published public keys
   * @param callers who is calling, from the bearer token
   * @param ceremonies the WebAuthn checks (asked for only when a WebAuthn route needs them)
   */
  public Services(KeyfobSettings settings, Supplier<AccountRepository> accounts,
      Supplier<OrgRepository> orgs, Supplier<EnvelopeCipher> cipher,
      Supplier<MfaTokenIssuer> tokens, Supplier<SigningKeys> signingKeys,
      Supplier<CallerResolver> callers, Supplier<WebAuthnCeremonyFactory> ceremonies,
      Clock clock) {
    this.callers = callers;
    SecureRandom random = new SecureRandom();
    AccessPolicy policy = new AccessPolicy(settings.stepUpMaxAge());
    LockoutPolicy lockout = LockoutPolicy.from(settings);
    AuditTrail trail = new AuditTrail(settings.auditRetention());
    Lazy<MembershipRecorder> recorder = Lazy.of(() -> new MembershipRecorder(accounts.get()));
    Lazy<TotpSecretVault> vault = Lazy.of(() -> new TotpSecretVault(cipher.get()));
    Lazy<RecoveryCodeSets> codeSets = Lazy.of(() -> new RecoveryCodeSets(
        new RecoveryCodeHasher(settings.recoveryCodeIterations()), random));
    Lazy<Totp> totp = Lazy.of(() -> new Totp(clock));
    Lazy<TokenSigning> signing = Lazy.of(() -> new TokenSigning(tokens.get()));
    this.devices = Lazy.of(() -> new RememberedDevices(accounts.get(), signing.get(), policy,
        trail, recorder.get(), random));

    this.status = Lazy.of(() -> new StatusService(policy, lockout, recorder.get()));
    this.enrollment = Lazy.of(() -> new EnrollmentService(accounts.get(), vault.get(),
        signing.get(), policy, trail, codeSets.get(), totp.get(), settings.issuerName(),
        settings.enrollmentTtl(), random));
    this.verification = Lazy.of(() -> new VerificationService(accounts.get(), vault.get(),
        signing.get(), lockout, trail, codeSets.get(), totp.get(), devices.get()));
    this.personalSettings = Lazy.of(() -> new PersonalSettingsService(accounts.get(), policy,
        trail, codeSets.get(), recorder.get(), signing.get()));
    this.orgSecurity = Lazy.of(() -> new OrgSecurityService(orgs.get(), accounts.get(), policy,
        trail, recorder.get()));
    this.members = Lazy.of(() -> new MemberService(orgs.get(), accounts.get(), policy, lockout,
        recorder.get(), trail));
    this.resets = Lazy.of(() -> new ResetService(accounts.get(), orgs.get(), policy, trail,
        recorder.get()));
    this.audit = Lazy.of(() -> new AuditService(orgs.get(), policy, recorder.get()));
    this.jwks = Lazy.of(() -> new JwksService(signingKeys.get()));
    this.webauthn = Lazy.of(() -> {
      WebAuthnSettings relyingParty = WebAuthnSettings.of(settings.webauthnOrigins(),
          settings.webauthnRpId(), settings.webauthnRpName());
      return new WebAuthnService(accounts.get(),
          Lazy.of(() -> ceremonies.get().create(relyingParty)), relyingParty, policy,
          lockout, trail, codeSets.get(), signing.get(), recorder.get(), random,
          devices.get());
    });
  }

  /** The WebAuthn library's entry point, from the {@code webauthn} module when present. */
  public static WebAuthnCeremonyFactory installedCeremonies() {
    return ServiceLoader.load(WebAuthnCeremonyFactory.class).findFirst().orElseThrow(() ->
        new IllegalStateException("no WebAuthnCeremonyFactory on the class path: the WebAuthn"
            + " routes run only in a build with the webauthn module"));
  }

  /** Turns a bearer token into the caller every route starts from. */
  public CallerResolver callers() {
    return callers.get();
  }

  public StatusService status() {
    return status.get();
  }

  public EnrollmentService enrollment() {
    return enrollment.get();
  }

  public VerificationService verification() {
    return verification.get();
  }

  public PersonalSettingsService personalSettings() {
    return personalSettings.get();
  }

  public OrgSecurityService orgSecurity() {
    return orgSecurity.get();
  }

  public MemberService members() {
    return members.get();
  }

  public ResetService resets() {
    return resets.get();
  }

  public AuditService audit() {
    return audit.get();
  }

  public JwksService jwks() {
    return jwks.get();
  }

  /** Remembered browsers: turning a device token into an MFA token, forgetting them all. */
  public RememberedDevices devices() {
    return devices.get();
  }

  /**
   * Security keys and passkeys; building it checks the WebAuthn settings, and its first check of
   * a credential loads the WebAuthn library.
   */
  public WebAuthnService webauthn() {
    return webauthn.get();
  }
}
