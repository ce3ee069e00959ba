package dev.keyfob.store;

import dev.keyfob.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * keyfob's one DynamoDB table and the repositories on it, over one client built once per
 * execution environment. Everything that touches DynamoDB lives in this package; the rest of
 * keyfob sees repositories.
 *
 * <p>Thread-safe. The repositories are built on first use.
 */
public final class DynamoStorage implements Storage {

  private final DynamoDbClient client;
  private final String table;
  private volatile DynamoAccountRepository accounts;
  private volatile DynamoOrgRepository orgs;
  private volatile DynamoSigningKeyRepository signingKeys;

  public DynamoStorage(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** Storage on a client with keyfob's HTTP client, time limits and endpoint. */
  public static DynamoStorage of(AwsClients clients, String table) {
    return new DynamoStorage(clients.build(DynamoDbClient.builder()), table);
  }

  /** The table's name ({@code KEYFOB_TABLE_NAME}). */
  public String table() {
    return table;
  }

  /** The raw client, for tools that create or inspect the table (local API, tests). */
  public DynamoDbClient client() {
    return client;
  }

  @Override
  public AccountRepository accounts() {
    DynamoAccountRepository a = accounts;
    if (a == null) {
      synchronized (this) {
        if (accounts == null) {
          accounts = new DynamoAccountRepository(client, table);
        }
        a = accounts;
      }
    }
    return a;
  }

  @Override
  public OrgRepository orgs() {
    DynamoOrgRepository o = orgs;
    if (o == null) {
      synchronized (this) {
        if (orgs == null) {
          orgs = new DynamoOrgRepository(client, table, accounts());
        }
        o = orgs;
      }
    }
    return o;
  }

  @Override
  public SigningKeyRepository signingKeys() {
    DynamoSigningKeyRepository s = signingKeys;
    if (s == null) {
      synchronized (this) {
        if (signingKeys == null) {
          signingKeys = new DynamoSigningKeyRepository(client, table);
        }
        s = signingKeys;
      }
    }
    return s;
  }
}
