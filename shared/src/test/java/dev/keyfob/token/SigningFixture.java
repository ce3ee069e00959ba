package dev.keyfob.token;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.crypto.KmsEnvelopeCipher;
import dev.keyfob.store.DynamoSigningKeyRepository;
import dev.keyfob.store.SigningKeyRepository;
import dev.keyfob.store.TableDefinition;
import dev.keyfob.store.memory.InMemoryStorage;
import dev.keyfob.testing.EmulatorClients;
import dev.keyfob.testing.LocalEnvelopeCipher;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.Emulator;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A keyfob table and KMS key on the emulator, with clients that count their calls; or signing
 * keys on the in-memory fakes ({@link #inMemoryKeysWithFirstKey}).
 */
final class SigningFixture {

  static final String MFA_ISSUER = "https://keyfob.example.test";
  static final String MFA_AUDIENCE = "host-app";

  final Emulator emulator;
  final String table;
  final String kmsKey;
  final CallCounter calls = new CallCounter();
  final DynamoDbClient dynamo;
  final KmsClient kms;

  SigningFixture(Emulator emulator, ExecutionInterceptor... more) {
    this(emulator, emulator.newTable(TableDefinition::create), emulator.newKmsKey(), more);
  }

  SigningFixture(Emulator emulator, String table, String kmsKey, ExecutionInterceptor... more) {
    this.emulator = emulator;
    this.table = table;
    this.kmsKey = kmsKey;
    ExecutionInterceptor[] all = new ExecutionInterceptor[more.length + 1];
    all[0] = calls;
    System.arraycopy(more, 0, all, 1, more.length);
    AwsClients clients = EmulatorClients.of(emulator, all);
    this.dynamo = clients.build(DynamoDbClient.builder());
    this.kms = clients.kms();
  }

  /** Another process over the same table and KMS key, with its own clients and counter. */
  SigningFixture sibling(ExecutionInterceptor... more) {
    return new SigningFixture(emulator, table, kmsKey, more);
  }

  SigningKeyRepository repository() {
    return new DynamoSigningKeyRepository(dynamo, table);
  }

  SigningKeyCodec codec() {
    return new SigningKeyCodec(new KmsEnvelopeCipher(kms, kmsKey));
  }

  SigningKeys keys(Clock clock) {
    return new SigningKeys(repository(), codec(), clock);
  }

  /** The rotation of this process, emptying {@code cache} after each change. */
  SigningKeyRotation rotation(SigningKeys cache, Clock clock) {
    return new SigningKeyRotation(repository(), codec(), cache, clock);
  }

  /** Keys of a table that already has its first key, as a deployment has. */
  SigningKeys keysWithFirstKey(Clock clock) {
    SigningKeys keys = keys(clock);
    rotation(keys, clock).ensureFirstKey();
    calls.reset();
    return keys;
  }

  /**
   * Signing keys with their first key on the in-memory fakes, for tests of what tokens say rather
   * than of how the keys are stored, loaded and cached (those use a fixture on the emulator).
   */
  static SigningKeys inMemoryKeysWithFirstKey(Clock clock) {
    SigningKeyRepository repository = new InMemoryStorage().signingKeys();
    SigningKeyCodec codec = new SigningKeyCodec(new LocalEnvelopeCipher());
    SigningKeys keys = new SigningKeys(repository, codec, clock);
    new SigningKeyRotation(repository, codec, keys, clock).ensureFirstKey();
    return keys;
  }

  static MfaTokenIssuer issuer(SigningKeys keys, Clock clock) {
    return new MfaTokenIssuer(keys, MFA_ISSUER, MFA_AUDIENCE, Duration.ofHours(1), clock);
  }

  static MfaTokenVerifier verifier(SigningKeys keys, Clock clock) {
    return new MfaTokenVerifier(keys, MFA_ISSUER, MFA_AUDIENCE, clock);
  }
}
