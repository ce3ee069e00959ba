package dev.keyfob.testkit;

import java.net.URI;
import java.util.UUID;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * An AWS emulator endpoint (moto, LocalStack, or whatever {@code AWS_ENDPOINT_URL} names) with
 * plain SDK clients and helpers to make isolated tables and keys. Each test takes a fresh table,
 * so tests never see one another's state and no reset is needed. Code under test builds its own
 * clients from {@link #endpoint()}, {@link #REGION} and {@link #CREDENTIALS}.
 */
public final class Emulator {

  /** Region used against every emulator. */
  public static final Region REGION = Region.US_EAST_1;

  /** The dummy credentials every emulator accepts. */
  public static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private final URI endpoint;
  private final String description;
  private final DynamoDbClient dynamo;
  private final KmsClient kms;

  Emulator(URI endpoint, String description) {
    this.endpoint = endpoint;
    this.description = description;
    SdkHttpClient http = UrlConnectionHttpClient.create();
    this.dynamo = DynamoDbClient.builder().httpClient(http).endpointOverride(endpoint)
        .region(REGION).credentialsProvider(CREDENTIALS).build();
    this.kms = KmsClient.builder().httpClient(http).endpointOverride(endpoint)
        .region(REGION).credentialsProvider(CREDENTIALS).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** What this emulator is, for logs: e.g. {@code moto_server at http://127.0.0.1:4242}. */
  public String description() {
    return description;
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public KmsClient kms() {
    return kms;
  }

  /**
   * Creates a fresh, empty table under a new name and returns the name.
   *
   * @param create makes the table of that name with this emulator's client, e.g. keyfob's
   *     {@code TableDefinition::create}
   */
  public String newTable(BiConsumer<DynamoDbClient, String> create) {
    String name = "keyfob-test-" + UUID.randomUUID();
    create.accept(dynamo, name);
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
