package dev.keyfob.service;

import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.policy.Caller;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.service.WebAuthnViews.AssertionStarted;
import dev.keyfob.service.WebAuthnViews.CredentialDescriptor;
import dev.keyfob.service.WebAuthnViews.CredentialView;
import dev.keyfob.service.WebAuthnViews.RegistrationConfirmed;
import dev.keyfob.service.WebAuthnViews.RegistrationStarted;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.Keys;
import dev.keyfob.store.PendingAssertion;
import dev.keyfob.store.PendingRegistration;
import dev.keyfob.store.SideEffects;
import dev.keyfob.store.UserState;
import dev.keyfob.store.WebAuthnCredential;
import dev.keyfob.token.IssuedToken;
import dev.keyfob.webauthn.AssertionOutcome;
import dev.keyfob.webauthn.CounterRegressionException;
import dev.keyfob.webauthn.InvalidAssertionException;
import dev.keyfob.webauthn.InvalidCredentialException;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.StoredCredential;
import dev.keyfob.webauthn.WebAuthnCeremony;
import dev.keyfob.webauthn.WebAuthnSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Security keys and passkeys (WebAuthn) beside the authenticator app: registering, listing,
 * renaming and removing credentials, and signing in with one. Every challenge is used up by its
 * first answer, right or wrong, with a conditional delete in the same write as its outcome, so of
 * two answers at once exactly one is decided. Failed assertions count towards their own lock
 * (same schedule as codes). The checks themselves are a {@link WebAuthnCeremony}, built only here,
 * so the library behind it is loaded only by the function serving these routes.
 */
public final class WebAuthnService {

  /** How long a registration or an assertion can be answered. */
  static final Duration CEREMONY_TTL = Duration.ofSeconds(300);
  private static final int CHALLENGE_BYTES = 32;
  private static final int USER_HANDLE_BYTES = 32;
  private static final int ID_BYTES = 16;

  private final AccountRepository accounts;
  private final Supplier<WebAuthnCeremony> ceremony;
  private final WebAuthnSettings settings;
  private final AccessPolicy policy;
  private final LockoutPolicy lockout;
  private final AuditTrail audit;
  private final RecoveryCodeSets recoveryCodes;
  private final TokenSigning signing;
  private final MembershipRecorder memberships;
  private final SecureRandom random;
  private final RememberedDevices devices;

  WebAuthnService(AccountRepository accounts, Supplier<WebAuthnCeremony> ceremony,
      WebAuthnSettings settings, AccessPolicy policy, LockoutPolicy lockout, AuditTrail audit,
      RecoveryCodeSets recoveryCodes, TokenSigning signing, MembershipRecorder memberships,
      SecureRandom random, RememberedDevices devices) {
    this.accounts = accounts;
    this.ceremony = ceremony;
    this.settings = settings;
    this.policy = policy;
    this.lockout = lockout;
    this.audit = audit;
    this.recoveryCodes = recoveryCodes;
    this.signing = signing;
    this.memberships = memberships;
    this.random = random;
    this.devices = devices;
  }

  /** The relying party these routes answer for. */
  public WebAuthnSettings settings() {
    return settings;
  }

  /** {@code POST /v1/me/two-factor/webauthn/registrations}. */
  public RegistrationStarted startRegistration(Caller caller) {
    UserState state = caller.snapshot().state();
    if (state.hasFactor()) {
      policy.requireRecentMfa(caller);
    }
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    if (state.credentialCount() >= UserState.MAX_CREDENTIALS) {
      throw tooMany();
    }
    byte[] handle = state.webauthnUserHandle() != null ? state.webauthnUserHandle()
        : randomBytes(USER_HANDLE_BYTES);
    Instant now = caller.now();
    // Bound to the factor version read: a confirm after a change of it can never land.
    PendingRegistration pending = new PendingRegistration(caller.userId(), newId(),
        randomBytes(CHALLENGE_BYTES), handle, state.factorVersion(), now,
        now.plus(CEREMONY_TTL));
    accounts.replacePendingRegistration(pending, caller.membershipEffects());
    String email = caller.principal().email();
    return new RegistrationStarted(pending.registrationId(), pending.expiresAt(),
        settings.rpId(), settings.rpName(), handle, email != null ? email : caller.userId(),
        pending.challenge(), WebAuthnCeremony.OFFERED_ALGORITHMS, descriptors(state));
  }

  /**
   * {@code POST /v1/me/two-factor/webauthn/registrations/confirm}. The caller must have been
   * read with the lookup of the presented credential's id, so that an id already registered to
   * anyone is known.
   *
   * @param credential the {@code RegistrationResponseJSON}, already checked for its shape
   * @param name the name given, or null for the default
   */
  public RegistrationConfirmed confirmRegistration(Caller caller, String registrationId,
      Object credential, String name) {
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    WriteOnce<RegistrationConfirmed> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write,
        c -> confirmOnce(c, registrationId, credential, name, write));
  }

  private RegistrationConfirmed confirmOnce(Caller c, String registrationId, Object credential,
      String name, WriteOnce<RegistrationConfirmed> write) {
    UserState state = c.snapshot().state();
    PendingRegistration pending = c.snapshot().registration();
    Instant now = c.now();
    if (pending == null || !pending.registrationId().equals(registrationId)
        || pending.expiredAt(now) || pending.factorVersion() != state.factorVersion()) {
      throw new ProblemException(ProblemType.REGISTRATION_NOT_FOUND,
          "This registration has expired or was replaced. Start again.");
    }
    NewCredential verified;
    try {
      verified = ceremony.get().verifyRegistration(pending.challenge(), credential);
    } catch (InvalidCredentialException e) {
      throw usedUp(c, pending, new ProblemException(ProblemType.INVALID_CREDENTIAL,
          "Your security key's answer could not be accepted. Start again."));
    }
    if (c.snapshot().credentialOwner() != null) {
      throw usedUp(c, pending, new ProblemException(ProblemType.CREDENTIAL_EXISTS,
          "This security key or passkey is already registered."));
    }
    if (state.credentialCount() >= UserState.MAX_CREDENTIALS) {
      throw usedUp(c, pending, tooMany());
    }
    boolean renews = MethodAddition.renewsTheFactor(state, false);
    RecoveryCodeSets.NewSet set = renews ? recoveryCodes.create() : null;
    String chosen = name != null ? name
        : verified.backupEligible() ? "Passkey" : "Security key";
    WebAuthnCredential stored = new WebAuthnCredential(c.userId(),
        Keys.credentialKey(verified.credentialId()), verified.credentialId(),
        verified.publicKeyCose(), verified.algorithm(), verified.signCount(),
        verified.backupEligible(), verified.backedUp(), verified.transports(),
        verified.aaguid().toString(), chosen, now, null);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("name", chosen);
    details.put("firstFactor", Boolean.toString(renews));
    SideEffects effects = c.membershipEffects().with(audit.event(c.orgId(),
        AuditEventType.WEBAUTHN_REGISTERED, now, c.userId(), c.userId(), details));
    TokenSigning.Pending token = signing.start(c.principal(), amrOf(verified.backedUp()),
        renews ? state.factorVersion() + 1 : state.factorVersion());
    List<String> codes = set == null ? null : set.codes();
    accounts.completeRegistration(state, pending, stored, set == null ? null : set.stored(),
        renews, now, write.next(() -> new RegistrationConfirmed(view(stored), codes,
            token.join())), effects);
    return new RegistrationConfirmed(view(stored), codes, token.join());
  }

  /** Uses the registration up (its first confirm, right or wrong) and returns the answer. */
  private ProblemException usedUp(Caller c, PendingRegistration pending,
      ProblemException answer) {
    accounts.useUpRegistration(pending, c.membershipEffects());
    return answer;
  }

  /** {@code GET /v1/me/two-factor/webauthn/credentials}, oldest first. */
  public List<CredentialView> credentials(Caller caller) {
    policy.requireTwoFactorSatisfied(caller);
    memberships.recordIfNeeded(caller);
    List<CredentialView> views = new ArrayList<>();
    accounts.credentials(caller.userId()).stream()
        .sorted(Comparator.comparing(WebAuthnCredential::createdAt,
            Comparator.nullsFirst(Comparator.naturalOrder())))
        .forEach(credential -> views.add(view(credential)));
    return views;
  }

  /**
   * {@code PATCH /v1/me/two-factor/webauthn/credentials/{credentialId}}; the caller must have
   * been read with the lookup of that credential.
   */
  public CredentialView rename(Caller caller, String name) {
    policy.requireRecentMfa(caller);
    WebAuthnCredential credential = callersCredential(caller);
    try {
      accounts.renameCredential(caller.userId(), credential.key(), name,
          caller.membershipEffects());
    } catch (dev.keyfob.store.ConcurrentUpdateException removedMeanwhile) {
      throw notFound();
    }
    return view(new WebAuthnCredential(credential.userId(), credential.key(),
        credential.credentialId(), credential.publicKeyCose(), credential.algorithm(),
        credential.signCount(), credential.backupEligible(), credential.backedUp(),
        credential.transports(), credential.aaguid(), name, credential.createdAt(),
        credential.lastUsedAt()));
  }

  /**
   * {@code DELETE /v1/me/two-factor/webauthn/credentials/{credentialId}}: removes it while
   * another method remains, changes the factor version and answers the caller's MFA token again
   * with it. The caller must have been read with the lookup of that credential.
   */
  public IssuedToken remove(Caller caller) {
    policy.requireRecentMfa(caller);
    callersCredential(caller);
    WriteOnce<IssuedToken> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write, c -> {
      UserState state = c.snapshot().state();
      WebAuthnCredential credential = callersCredential(c);
      if (!state.hasTotp() && state.credentialCount() <= 1) {
        throw Outcomes.lastFactor();
      }
      SideEffects effects = c.membershipEffects().with(audit.event(c.orgId(),
          AuditEventType.WEBAUTHN_REMOVED, c.now(), c.userId(), c.userId(),
          Map.of("name", credential.name())));
      TokenSigning.Pending token = signing.startSuccessor(c.principal(),
          state.factorVersion() + 1);
      accounts.removeCredential(state, credential.key(), write.next(token::join), effects);
      return token.join();
    });
  }

  /** {@code POST /v1/me/two-factor/webauthn/assertions}. */
  public AssertionStarted startAssertion(Caller caller) {
    UserState state = caller.snapshot().state();
    requireUsable(caller);
    Instant now = caller.now();
    PendingAssertion pending = new PendingAssertion(caller.userId(), newId(),
        randomBytes(CHALLENGE_BYTES), now, now.plus(CEREMONY_TTL));
    accounts.replacePendingAssertion(pending, caller.membershipEffects());
    return new AssertionStarted(pending.assertionId(), pending.expiresAt(), settings.rpId(),
        pending.challenge(), descriptors(state));
  }

  /**
   * {@code POST /v1/me/two-factor/webauthn/assertions/verify}. The caller must have been read
   * with the lookup of the presented credential's id.
   *
   * @param credential the {@code AuthenticationResponseJSON}, already checked for its shape
   */
  public Verified verifyAssertion(Caller caller, String assertionId, Object credential,
      boolean rememberDevice) {
    if (caller.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    RememberedDevices.DeviceRequest device = devices.request(rememberDevice);
    WriteOnce<Verified> write = new WriteOnce<>();
    return Conflicts.retryWrite(caller, accounts, write,
        c -> verifyOnce(c, assertionId, credential, device, write));
  }

  private Verified verifyOnce(Caller c, String assertionId, Object credential,
      RememberedDevices.DeviceRequest device, WriteOnce<Verified> write) {
    UserState state = c.snapshot().state();
    requireKey(c);
    PendingAssertion pending = c.snapshot().assertion();
    Instant now = c.now();
    if (pending == null || !pending.assertionId().equals(assertionId) || pending.expiredAt(now)) {
      throw new ProblemException(ProblemType.ASSERTION_NOT_FOUND,
          "This sign-in attempt has expired or was replaced. Try your security key again.");
    }
    requireUnlocked(c);
    WebAuthnCredential stored = c.snapshot().credential();
    List<StoredCredential> candidates = stored == null ? List.of()
        : List.of(new StoredCredential(stored.credentialId(), stored.publicKeyCose(),
            stored.signCount(), stored.backupEligible()));
    byte[] handle = state.webauthnUserHandle() == null ? new byte[0]
        : state.webauthnUserHandle();
    AssertionOutcome outcome;
    try {
      outcome = ceremony.get().verifyAssertion(pending.challenge(), credential, handle,
          candidates);
    } catch (CounterRegressionException e) {
      throw failed(c, pending, write, c.membershipEffects().with(audit.event(c.orgId(),
          AuditEventType.WEBAUTHN_COUNTER_ERROR, now, c.userId(), c.userId(), Map.of(
              "name", stored == null ? "" : stored.name(),
              "storedCounter", Long.toString(e.storedSignCount()),
              "presentedCounter", Long.toString(e.presentedSignCount())))));
    } catch (InvalidAssertionException e) {
      throw failed(c, pending, write, c.membershipEffects());
    }
    TokenSigning.Pending token = signing.start(c.principal(), amrOf(outcome.backedUp()),
        state.factorVersion());
    RememberedDevices.Grant grant = devices.grant(c, device, state.factorVersion());
    DeviceToken deviceToken = RememberedDevices.Grant.tokenOf(grant);
    accounts.acceptAssertion(state, pending, stored, outcome.signCount(), outcome.backedUp(),
        now, RememberedDevices.Grant.devicesOf(grant),
        write.next(() -> new Verified(token.join(), deviceToken)), c.membershipEffects());
    return new Verified(token.join(), deviceToken);
  }

  /** Uses the assertion up and counts one failure; returns the 401 to answer. */
  private ProblemException failed(Caller c, PendingAssertion pending, WriteOnce<?> write,
      SideEffects effects) {
    FailedAttempt failed = FailedAttempt.of(c, FailureKind.WEBAUTHN, lockout, audit, effects);
    accounts.recordAssertionFailure(c.snapshot().state(), pending, c.now(),
        failed.lockUntil(), write.next(() -> {
          throw failed.problem();
        }), failed.effects());
    return failed.problem();
  }

  /** A key to answer with (409s), and the kind not locked (429). */
  private void requireUsable(Caller c) {
    requireKey(c);
    requireUnlocked(c);
  }

  /** SSO users are outside keyfob; a factor, and a key among the user's methods. */
  private static void requireKey(Caller c) {
    UserState state = c.snapshot().state();
    if (c.principal().exempt()) {
      throw Outcomes.ssoExempt();
    }
    if (!state.hasFactor()) {
      throw Outcomes.notEnrolled();
    }
    if (state.credentialCount() == 0) {
      throw Outcomes.methodNotEnrolled("security key or passkey");
    }
  }

  private void requireUnlocked(Caller c) {
    UserState state = c.snapshot().state();
    if (lockout.locked(state, FailureKind.WEBAUTHN, c.now())) {
      throw Outcomes.locked(lockout, state, FailureKind.WEBAUTHN, c.now());
    }
  }

  private static WebAuthnCredential callersCredential(Caller caller) {
    WebAuthnCredential credential = caller.snapshot().credential();
    if (credential == null) {
      throw notFound();
    }
    return credential;
  }

  private static ProblemException notFound() {
    return new ProblemException(ProblemType.CREDENTIAL_NOT_FOUND,
        "You have no security key or passkey with this id.");
  }

  private static ProblemException tooMany() {
    return new ProblemException(ProblemType.TOO_MANY_CREDENTIALS,
        "You have " + UserState.MAX_CREDENTIALS + " security keys and passkeys, the most there"
            + " can be. Remove one first.");
  }

  /** RFC 8176: {@code swk} for a key whose credential is backed up (synced), else {@code hwk}. */
  private static String amrOf(boolean backedUp) {
    return backedUp ? "swk" : "hwk";
  }

  private static List<CredentialDescriptor> descriptors(UserState state) {
    List<CredentialDescriptor> list = new ArrayList<>();
    state.credentials().values().forEach(ref ->
        list.add(new CredentialDescriptor(ref.credentialId(), ref.transports())));
    return list;
  }

  static CredentialView view(WebAuthnCredential c) {
    return new CredentialView(Base64.getUrlEncoder().withoutPadding()
        .encodeToString(c.credentialId()), c.name(), c.createdAt(), c.lastUsedAt(),
        c.backupEligible(), c.backedUp(), c.transports());
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private String newId() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(ID_BYTES));
  }
}
