package dev.keyfob.testing;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.store.TableDefinition;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * An AWS emulator endpoint (moto, LocalStack, or whatever {@code AWS_ENDPOINT_URL} names) with
 * helpers to make isolated tables and keys. Each test takes a fresh table, so tests never see one
 * another's state and no reset is needed.
 */
public final class Emulator {

  /** Region used against every emulator. */
  public static final Region REGION = Region.US_EAST_1;

  private final URI endpoint;
  private final String description;
  private final DynamoDbClient dynamo;
  private final KmsClient kms;

  Emulator(URI endpoint, String description) {
    this.endpoint = endpoint;
    this.description = description;
    AwsClients clients = clients();
    this.dynamo = clients.build(DynamoDbClient.builder());
    this.kms = clients.kms();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** What this emulator is, for logs: e.g. {@code moto_server at http://127.0.0.1:4242}. */
  public String description() {
    return description;
  }

  /** A client factory pointed at the emulator, with optional interceptors. */
  public AwsClients clients(ExecutionInterceptor... interceptors) {
    return clients(endpoint, interceptors);
  }

  /** A client factory for another endpoint in front of this emulator, such as a proxy. */
  public AwsClients clients(URI via, ExecutionInterceptor... interceptors) {
    return AwsClients.builder()
        .endpoint(via)
        .region(REGION)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .interceptors(interceptors)
        .build();
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public KmsClient kms() {
    return kms;
  }

  /** Creates a fresh, empty keyfob table and returns its name. */
  public String newTable() {
    String name = "keyfob-test-" + UUID.randomUUID();
    TableDefinition.create(dynamo, name);
    return name;
  }

  /** Creates a fresh symmetric KMS key and returns its id. */
  public String newKmsKey() {
    return kms.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT)
            .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
            .description("keyfob test key"))
        .keyMetadata().keyId();
  }
}
