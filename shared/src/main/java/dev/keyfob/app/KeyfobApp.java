package dev.keyfob.app;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.crypto.EnvelopeCipher;
import dev.keyfob.crypto.KmsEnvelopeCipher;
import dev.keyfob.policy.CallerResolver;
import dev.keyfob.service.Lazy;
import dev.keyfob.service.Services;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.DynamoStorage;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.Storage;
import dev.keyfob.token.IdpTokenVerifier;
import dev.keyfob.token.MfaTokenIssuer;
import dev.keyfob.token.MfaTokenVerifier;
import dev.keyfob.token.SigningKeyCodec;
import dev.keyfob.token.SigningKeyRotation;
import dev.keyfob.token.SigningKeys;
import dev.keyfob.token.TokenVerifier;
import dev.keyfob.webauthn.WebAuthnCeremonyFactory;
import java.net.MalformedURLException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The composition root: settings, AWS clients and clock, from which every repository, service and
 * verifier is built once and shared. One instance per execution environment (or per local API).
 *
 * <p>Thread-safe. Collaborators are created lazily so that a function only pays for what its
 * routes use.
 */
public final class KeyfobApp {

  private final KeyfobSettings settings;
  private final AwsClients clients;
  private final Clock clock;

  /** The DynamoDB table and the KMS client; null when keyfob runs on given {@link Storage}. */
  private final Lazy<DynamoStorage> dynamo;
  private final Lazy<KmsClient> kms;
  private final Supplier<? extends Storage> storage;
  private final Lazy<EnvelopeCipher> cipher;
  private final Lazy<SigningKeyCodec> signingKeyCodec;
  private final Lazy<SigningKeys> signingKeys;
  private final Lazy<SigningKeyRotation> signingKeyRotation;
  private final Lazy<MfaTokenIssuer> mfaTokens;
  private final Lazy<IdpTokenVerifier> idpTokens;
  private final Lazy<TokenVerifier> tokenVerifier;
  private final Lazy<CallerResolver> callers;
  private final Services services;

  public KeyfobApp(KeyfobSettings settings, AwsClients clients, Clock clock) {
    this(settings, clients, clock, Services::installedCeremonies);
  }

  /**
   * @param ceremonies the WebAuthn checks; by default the ones the {@code webauthn} module
   *     installs (found when a WebAuthn route first needs them)
   */
  public KeyfobApp(KeyfobSettings settings, AwsClients clients, Clock clock,
      Supplier<WebAuthnCeremonyFactory> ceremonies) {
    this(settings, Objects.requireNonNull(clients, "clients"),
        Lazy.of(() -> DynamoStorage.of(clients, settings.tableName())), Lazy.of(clients::kms),
        null, null, clock, ceremonies);
  }

  /**
   * keyfob on the given storage and envelope encryption instead of the DynamoDB table and KMS
   * key the settings name (which are then not used); {@link #clients()}, {@link #storage()} and
   * {@link #kms()} are unavailable.
   */
  public KeyfobApp(KeyfobSettings settings, Storage storage, EnvelopeCipher cipher, Clock clock,
      Supplier<WebAuthnCeremonyFactory> ceremonies) {
    this(settings, null, null, null, Objects.requireNonNull(storage, "storage"),
        Objects.requireNonNull(cipher, "cipher"), clock, ceremonies);
  }

  private KeyfobApp(KeyfobSettings settings, AwsClients clients, Lazy<DynamoStorage> dynamo,
      Lazy<KmsClient> kms, Storage given, EnvelopeCipher givenCipher, Clock clock,
      Supplier<WebAuthnCeremonyFactory> ceremonies) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clients = clients;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.dynamo = dynamo;
    this.kms = kms;
    this.storage = given == null ? dynamo : () -> given;
    this.cipher = Lazy.of(() -> givenCipher != null ? givenCipher
        : new KmsEnvelopeCipher(kms.get(), settings.kmsKeyId()));
    this.signingKeyCodec = Lazy.of(() -> new SigningKeyCodec(cipher.get()));
    this.signingKeys = Lazy.of(() -> new SigningKeys(storage.get().signingKeys(),
        signingKeyCodec.get(), clock, settings.jwksCacheTtl()));
    this.signingKeyRotation = Lazy.of(() -> new SigningKeyRotation(
        storage.get().signingKeys(), signingKeyCodec.get(), signingKeys.get(), clock));
    this.mfaTokens = Lazy.of(() -> new MfaTokenIssuer(signingKeys.get(), settings.mfaIssuer(),
        settings.mfaAudience(), settings.mfaTokenTtl(), clock));
    this.idpTokens = Lazy.of(this::buildIdpTokenVerifier);
    this.tokenVerifier = Lazy.of(() -> new TokenVerifier(idpTokens.get(),
        new MfaTokenVerifier(signingKeys.get(), settings.mfaIssuer(), settings.mfaAudience(),
            clock), settings.mfaIssuer()));
    this.callers = Lazy.of(() -> new CallerResolver(tokenVerifier.get(),
        storage.get().accounts(), clock));
    this.services = new Services(settings, () -> storage.get().accounts(),
        () -> storage.get().orgs(), cipher, mfaTokens, signingKeys, callers, ceremonies, clock);
  }

  /** Everything from the process environment, as on Lambda. */
  public static KeyfobApp fromEnvironment() {
    return new KeyfobApp(KeyfobSettings.fromEnvironment(System.getenv()),
        AwsClients.fromEnvironment(), Clock.systemUTC());
  }

  private IdpTokenVerifier buildIdpTokenVerifier() {
    try {
      return new IdpTokenVerifier(settings.idpJwksUrl().toURL(), settings.idpIssuer(),
          settings.idpAudience(), clock);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("KEYFOB_IDP_JWKS_URL is not a valid URL", e);
    }
  }

  public KeyfobSettings settings() {
    return settings;
  }

  /** Browser origins allowed to call the API ({@code KEYFOB_CORS_ALLOWED_ORIGINS}). */
  public java.util.List<String> corsAllowedOrigins() {
    return settings.corsAllowedOrigins();
  }

  /** The AWS clients; only when keyfob runs on AWS (not on given {@link Storage}). */
  public AwsClients clients() {
    return onAws(clients);
  }

  public Clock clock() {
    return clock;
  }

  /** The table and its repositories; only when keyfob runs on AWS. */
  public DynamoStorage storage() {
    return onAws(dynamo).get();
  }

  /** Only when keyfob runs on AWS. */
  public KmsClient kms() {
    return onAws(kms).get();
  }

  private static <T> T onAws(T part) {
    if (part == null) {
      throw new IllegalStateException("keyfob runs on given storage, not on AWS");
    }
    return part;
  }

  public EnvelopeCipher cipher() {
    return cipher.get();
  }

  public SigningKeys signingKeys() {
    return signingKeys.get();
  }

  /** Makes signing keys; only the rotation function (and local set-up) uses it. */
  public SigningKeyRotation signingKeyRotation() {
    return signingKeyRotation.get();
  }

  public MfaTokenIssuer mfaTokens() {
    return mfaTokens.get();
  }

  public IdpTokenVerifier idpTokens() {
    return idpTokens.get();
  }

  public TokenVerifier tokenVerifier() {
    return tokenVerifier.get();
  }

  public AccountRepository accounts() {
    return storage.get().accounts();
  }

  public OrgRepository orgs() {
    return storage.get().orgs();
  }

  public CallerResolver callers() {
    return callers.get();
  }

  public Services services() {
    return services;
  }

  // -- What the functions' start-up and SnapStart hooks do, so they need only this class.

  /** Fetches the identity provider's key set now (and loads the token stack); never throws. */
  public void prefetchIdentityProviderKeys() {
    tokenVerifier();
    idpTokens().prefetch();
  }

  /**
   * Makes the calls a sign-in makes on a key no user can have, so the SDK, the connection and
   * the item mapping are ready (see {@link AccountRepository#prime()}).
   */
  public void primeStorage() {
    callers();
    accounts().prime();
  }

  /**
   * Loads the signing key (for functions that sign, while private keys are allowed) or the public
   * keys, and with them the KMS client.
   */
  public void loadSigningKeys(boolean signs) {
    if (signs && signingKeys().privateKeysAllowed()) {
      signingKeys().activeSigningKey();
    } else {
      signingKeys().publicJwks();
    }
  }

  /** Before a snapshot: see {@link SigningKeys#withholdPrivateKeys()}. */
  public void withholdPrivateSigningKeys() {
    signingKeys().withholdPrivateKeys();
  }

  /** After a snapshot's restore: see {@link SigningKeys#allowPrivateKeys()}. */
  public void allowPrivateSigningKeys() {
    signingKeys().allowPrivateKeys();
  }

  /**
   * Checks the WebAuthn settings now, so that a function serving the WebAuthn routes with a bad
   * configuration fails when it starts rather than on a request.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public void checkWebAuthnSettings() {
    services.webauthn();
  }

  /** The signing-key rotation: a new active key; see {@link SigningKeyRotation#rotate()}. */
  public String rotateSigningKey() {
    return signingKeyRotation().rotate();
  }

  /** The first signing key unless there is one; see {@link SigningKeyRotation#ensureFirstKey()}. */
  public String ensureFirstSigningKey() {
    return signingKeyRotation().ensureFirstKey();
  }
}
