package dev.keyfob.app;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.crypto.EnvelopeCipher;
import dev.keyfob.crypto.KmsEnvelopeCipher;
import dev.keyfob.service.CallerResolver;
import dev.keyfob.service.Services;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.DynamoAccountRepository;
import dev.keyfob.store.DynamoOrgRepository;
import dev.keyfob.store.DynamoSigningKeyRepository;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.token.IdpTokenVerifier;
import dev.keyfob.token.MfaTokenIssuer;
import dev.keyfob.token.MfaTokenVerifier;
import dev.keyfob.token.SigningKeyCodec;
import dev.keyfob.token.SigningKeyRotation;
import dev.keyfob.token.SigningKeys;
import dev.keyfob.token.TokenVerifier;
import java.net.MalformedURLException;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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

  private final Lazy<DynamoDbClient> dynamo;
  private final Lazy<KmsClient> kms;
  private final Lazy<EnvelopeCipher> cipher;
  private final Lazy<SigningKeyCodec> signingKeyCodec;
  private final Lazy<DynamoSigningKeyRepository> signingKeyRepository;
  private final Lazy<SigningKeys> signingKeys;
  private final Lazy<SigningKeyRotation> signingKeyRotation;
  private final Lazy<MfaTokenIssuer> mfaTokens;
  private final Lazy<IdpTokenVerifier> idpTokens;
  private final Lazy<TokenVerifier> tokenVerifier;
  private final Lazy<AccountRepository> accounts;
  private final Lazy<OrgRepository> orgs;
  private final Lazy<CallerResolver> callers;
  private final Services services;

  public KeyfobApp(KeyfobSettings settings, AwsClients clients, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.dynamo = Lazy.of(clients::dynamoDb);
    this.kms = Lazy.of(clients::kms);
    this.cipher = Lazy.of(() -> new KmsEnvelopeCipher(kms.get(), settings.kmsKeyId()));
    this.signingKeyCodec = Lazy.of(() -> new SigningKeyCodec(cipher.get()));
    this.signingKeyRepository = Lazy.of(() -> new DynamoSigningKeyRepository(dynamo.get(),
        settings.tableName()));
    this.signingKeys = Lazy.of(() -> new SigningKeys(signingKeyRepository.get(),
        signingKeyCodec.get(), clock));
    this.signingKeyRotation = Lazy.of(() -> new SigningKeyRotation(signingKeyRepository.get(),
        signingKeyCodec.get(), signingKeys.get(), clock));
    this.mfaTokens = Lazy.of(() -> new MfaTokenIssuer(signingKeys.get(), settings.mfaIssuer(),
        settings.mfaAudience(), settings.mfaTokenTtl(), clock));
    this.idpTokens = Lazy.of(this::buildIdpTokenVerifier);
    this.tokenVerifier = Lazy.of(() -> new TokenVerifier(idpTokens.get(),
        new MfaTokenVerifier(signingKeys.get(), settings.mfaIssuer(), settings.mfaAudience(),
            clock), settings.mfaIssuer()));
    this.accounts = Lazy.of(() -> new DynamoAccountRepository(dynamo.get(),
        settings.tableName()));
    this.orgs = Lazy.of(() -> new DynamoOrgRepository(dynamo.get(), settings.tableName(),
        accounts.get()));
    this.callers = Lazy.of(() -> new CallerResolver(tokenVerifier.get(), accounts.get(), clock));
    this.services = new Services(settings, accounts, orgs, cipher, mfaTokens, clock);
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

  public AwsClients clients() {
    return clients;
  }

  public Clock clock() {
    return clock;
  }

  public DynamoDbClient dynamo() {
    return dynamo.get();
  }

  public KmsClient kms() {
    return kms.get();
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
    return accounts.get();
  }

  public OrgRepository orgs() {
    return orgs.get();
  }

  public CallerResolver callers() {
    return callers.get();
  }

  public Services services() {
    return services;
  }
}
