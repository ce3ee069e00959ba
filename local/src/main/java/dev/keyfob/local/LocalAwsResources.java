package dev.keyfob.local;

import dev.keyfob.store.TableDefinition;
import java.io.PrintStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Creates what keyfob needs in an emulator, idempotently, so that starting against the same
 * endpoint twice (or two servers at once) is harmless: the DynamoDB table (through
 * {@link TableDefinition#create}) and the symmetric KMS key behind an alias.
 *
 * <p>Stateless and thread-safe.
 */
public final class LocalAwsResources {

  private LocalAwsResources() {}

  /** Creates the table unless it exists; says what it did on {@code log}. */
  public static void ensureTable(DynamoDbClient dynamo, String tableName, PrintStream log) {
    if (TableDefinition.create(dynamo, tableName)) {
      log.println("[keyfob-local] created DynamoDB table " + tableName);
    }
  }

  /**
   * Makes sure {@code keyId} names a usable key. An alias ({@code alias/...}) that does not
   * exist yet gets a new symmetric key; a key id or ARN is only checked.
   *
   * @return the key's id
   * @throws IllegalStateException if a key id or ARN names no key
   */
  public static String ensureKey(KmsClient kms, String keyId, PrintStream log) {
    try {
      return kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyId();
    } catch (NotFoundException missing) {
      if (!keyId.startsWith("alias/")) {
        throw new IllegalStateException("KMS key " + keyId + " does not exist", missing);
      }
    }
    String created = kms.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT)
            .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
            .description("keyfob local API key (" + keyId + ")"))
        .keyMetadata().keyId();
    try {
      kms.createAlias(b -> b.aliasName(keyId).targetKeyId(created));
      log.println("[keyfob-local] created KMS key " + created + " as " + keyId);
      return created;
    } catch (AlreadyExistsException raced) {
      // Another start created the alias between our look-up and now: use its key, drop ours.
      kms.scheduleKeyDeletion(b -> b.keyId(created).pendingWindowInDays(7));
      return kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyId();
    }
  }
}
