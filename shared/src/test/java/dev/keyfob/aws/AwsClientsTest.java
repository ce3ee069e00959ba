package dev.keyfob.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;

class AwsClientsTest {

  @Test
  void underSnapStartTheContainerCredentialsEndpointIsUsedEvenBesideAccessKeys() {
    assertInstanceOf(ContainerCredentialsProvider.class, AwsClients.credentialsFor(Map.of(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token",
        "AWS_ACCESS_KEY_ID", "AKIA...")).orElseThrow());
  }

  @Test
  void withoutSnapStartTheAccessKeyVariablesAreUsed() {
    assertInstanceOf(EnvironmentVariableCredentialsProvider.class,
        AwsClients.credentialsFor(Map.of("AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test")).orElseThrow());
  }

  @Test
  void withNeitherTheSdkDefaultChainIsLeftInCharge() {
    assertTrue(AwsClients.credentialsFor(Map.of("AWS_REGION", "eu-west-1")).isEmpty());
    assertTrue(AwsClients.credentialsFor(Map.of("AWS_ACCESS_KEY_ID", " ")).isEmpty());
  }

  @Test
  void theRegionComesFromAwsRegion() {
    try (KmsClient kms = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
        "AWS_ACCESS_KEY_ID", "test")).kms()) {
      assertEquals("eu-west-1", kms.serviceClientConfiguration().region().id());
    }
  }
}
