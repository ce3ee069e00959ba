package dev.keyfob.local.bench;

/**
 * The source of the bare-SDK floor, which the bench compiles against the same jar keyfob runs
 * from: a program making exactly the network calls of a cold verification (the identity
 * provider's key set over HTTP, then the DynamoDB and KMS calls recorded from a real
 * verification, see {@link FloorPlans}) with the same SDK, HTTP client (url-connection-client)
 * and JSON library (jackson-jr), one after the other, and nothing else: no token check, no
 * TOTP, no AES-GCM, no signature. It is written as a developer following AWS's advice for
 * Lambda would write it: one shared HTTP client, region from {@code AWS_REGION}, credentials
 * from the environment, endpoint from {@code AWS_ENDPOINT_URL}.
 */
final class SdkFloorSource {

  static final String CLASS_NAME = "SdkFloor";

  static final String SOURCE = """
      import com.fasterxml.jackson.jr.ob.JSON;
      import java.io.InputStream;
      import java.net.HttpURLConnection;
      import java.net.URL;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.ArrayList;
      import java.util.LinkedHashMap;
      import java.util.List;
      import java.util.Map;
      import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
      import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
      import software.amazon.awssdk.core.SdkBytes;
      import software.amazon.awssdk.http.SdkHttpClient;
      import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
      import software.amazon.awssdk.regions.Region;
      import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
      import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
      import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
      import software.amazon.awssdk.services.kms.KmsClient;

      /** Replays a recorded plan of calls; prints {"statusCode":200} when all succeeded. */
      public class SdkFloor {

        @SuppressWarnings("unchecked")
        public static void main(String[] args) throws Exception {
          Map<String, Object> plan = JSON.std.mapFrom(Files.readString(Path.of(args[0])));
          SdkHttpClient http = UrlConnectionHttpClient.create();
          Region region = Region.of(System.getenv("AWS_REGION"));
          AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
          DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(region)
              .credentialsProvider(credentials).build();
          KmsClient kms = KmsClient.builder().httpClient(http).region(region)
              .credentialsProvider(credentials).build();

          HttpURLConnection jwks = (HttpURLConnection) new URL((String) plan.get("jwks"))
              .openConnection();
          try (InputStream in = jwks.getInputStream()) {
            JSON.std.mapFrom(in);
          }
          for (Object call : (List<Object>) plan.get("calls")) {
            call(dynamo, kms, (Map<String, Object>) call);
          }
          System.out.println("{\\"statusCode\\":200}");
          System.out.flush();
          if (args.length > 1 && args[1].equals("--hold")) {
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
          }
          System.exit(0);
        }

        @SuppressWarnings("unchecked")
        static void call(DynamoDbClient dynamo, KmsClient kms, Map<String, Object> c) {
          switch ((String) c.get("op")) {
            case "GetItem" -> dynamo.getItem(b -> b.tableName((String) c.get("table"))
                .key(item(c.get("key"))).consistentRead((Boolean) c.get("consistentRead"))
                .projectionExpression((String) c.get("projection"))
                .expressionAttributeNames((Map<String, String>) c.get("names")));
            case "BatchGetItem" -> {
              List<Map<String, AttributeValue>> keys = new ArrayList<>();
              for (Object key : (List<Object>) c.get("keys")) {
                keys.add(item(key));
              }
              dynamo.batchGetItem(b -> b.requestItems(Map.of((String) c.get("table"),
                  KeysAndAttributes.builder().keys(keys)
                      .consistentRead((Boolean) c.get("consistentRead"))
                      .projectionExpression((String) c.get("projection"))
                      .expressionAttributeNames((Map<String, String>) c.get("names")).build())));
            }
            case "UpdateItem" -> dynamo.updateItem(b -> b.tableName((String) c.get("table"))
                .key(item(c.get("key"))).updateExpression((String) c.get("update"))
                .conditionExpression((String) c.get("condition"))
                .expressionAttributeNames((Map<String, String>) c.get("names"))
                .expressionAttributeValues(c.get("values") == null ? null : item(c.get("values"))));
            case "Decrypt" -> kms.decrypt(b -> b.keyId((String) c.get("keyId"))
                .ciphertextBlob(SdkBytes.fromByteArray(
                    java.util.Base64.getDecoder().decode((String) c.get("ciphertext"))))
                .encryptionContext((Map<String, String>) c.get("context")));
            default -> throw new IllegalArgumentException("unknown call " + c.get("op"));
          }
        }

        @SuppressWarnings("unchecked")
        static Map<String, AttributeValue> item(Object json) {
          Map<String, AttributeValue> item = new LinkedHashMap<>();
          ((Map<String, Object>) json).forEach((k, v) -> item.put(k, value((Map<String, Object>) v)));
          return item;
        }

        @SuppressWarnings("unchecked")
        static AttributeValue value(Map<String, Object> v) {
          Map.Entry<String, Object> e = v.entrySet().iterator().next();
          Object x = e.getValue();
          return switch (e.getKey()) {
            case "S" -> AttributeValue.fromS((String) x);
            case "N" -> AttributeValue.fromN((String) x);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(
                java.util.Base64.getDecoder().decode((String) x)));
            case "BOOL" -> AttributeValue.fromBool((Boolean) x);
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs((List<String>) x);
            case "NS" -> AttributeValue.fromNs((List<String>) x);
            case "L" -> {
              List<AttributeValue> list = new ArrayList<>();
              for (Object o : (List<Object>) x) {
                list.add(value((Map<String, Object>) o));
              }
              yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(item(x));
            default -> throw new IllegalArgumentException("unknown attribute type " + e.getKey());
          };
        }
      }
      """;

  private SdkFloorSource() {}
}
