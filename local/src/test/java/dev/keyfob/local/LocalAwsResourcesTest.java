package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.model.AliasListEntry;

@ExtendWith(AwsEmulator.class)
class LocalAwsResourcesTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void startingTwiceAgainstTheSameEmulatorReusesTableAndKey(Emulator emulator) {
    String table = "keyfob-local-" + UUID.randomUUID();
    String alias = "alias/keyfob-local-" + UUID.randomUUID();
    Map<String, String> env = Map.of("KEYFOB_TABLE_NAME", table, "KEYFOB_KMS_KEY_ID", alias);

    try (LocalApiServer first = start(emulator, env)) {
      assertEquals(table, first.settings().tableName());
    }
    String keyId = keyOf(emulator, alias);
    int keys = emulator.kms().listKeys().keys().size();

    try (LocalApiServer second = start(emulator, env)) {
      assertEquals(alias, second.settings().kmsKeyId());
    }
    assertEquals(keyId, keyOf(emulator, alias), "the alias still names the first key");
    assertEquals(keys, emulator.kms().listKeys().keys().size(), "no second key was made");
    assertEquals(1, emulator.kms().listAliases().aliases().stream()
        .map(AliasListEntry::aliasName).filter(alias::equals).count());
    assertEquals(1, emulator.dynamo().listTables().tableNames().stream()
        .filter(table::equals).count());
  }

  @Test
  void concurrentStartsAgreeOnOneKey(Emulator emulator) {
    String alias = "alias/keyfob-race-" + UUID.randomUUID();
    CompletableFuture<String> a = CompletableFuture.supplyAsync(
        () -> LocalAwsResources.ensureKey(emulator.kms(), alias, QUIET));
    CompletableFuture<String> b = CompletableFuture.supplyAsync(
        () -> LocalAwsResources.ensureKey(emulator.kms(), alias, QUIET));
    assertEquals(a.join(), b.join());
    assertEquals(a.join(), keyOf(emulator, alias));
  }

  @Test
  void anExistingKeyIdIsUsedAndAMissingOneIsAnError(Emulator emulator) {
    String key = emulator.newKmsKey();
    assertEquals(key, LocalAwsResources.ensureKey(emulator.kms(), key, QUIET));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalAwsResources.ensureKey(emulator.kms(), UUID.randomUUID().toString(), QUIET));
    assertTrue(e.getMessage().contains("does not exist"));
  }

  private static LocalApiServer start(Emulator emulator, Map<String, String> env) {
    Map<String, String> settings = new HashMap<>(Fixtures.QUICK_STACK);
    settings.putAll(env);
    return LocalApiServer.builder()
        .templatePath(Fixtures.template())
        .awsEndpoint(emulator.endpoint())
        .processEnvironment(Map.of())
        .environment(settings)
        .log(QUIET)
        .start();
  }

  private static String keyOf(Emulator emulator, String alias) {
    return emulator.kms().describeKey(b -> b.keyId(alias)).keyMetadata().keyId();
  }
}
