package dev.keyfob.token;

import static dev.keyfob.token.Problems.assertUnavailable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.keyfob.crypto.FailingTransport;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(AwsEmulator.class)
class SigningKeysTest {

  private static final String DYNAMO = "DynamoDb";
  private static final String KMS = "Kms";

  private final MutableClock clock = new MutableClock(TestTimes.START);
  private SigningFixture fixture;
  private SigningKeys keys;
  private SigningKeyRotation rotation;

  @BeforeEach
  void setUp(Emulator emulator) {
    fixture = new SigningFixture(emulator);
    keys = fixture.keys(clock);
    rotation = fixture.rotation(keys, clock);
  }

  /** Another process's rotation over the same table. */
  private SigningKeyRotation rotationElsewhere() {
    SigningFixture other = fixture.sibling();
    return other.rotation(other.keys(clock), clock);
  }

  private Map<String, Map<String, AttributeValue>> items() {
    return fixture.emulator.dynamo().scan(b -> b.tableName(fixture.table)).items().stream()
        .collect(Collectors.toMap(i -> i.get("sk").s(), i -> i));
  }

  @Test
  void constructingTouchesNeitherDynamoDbNorKms() {
    fixture.keys(clock);
    fixture.rotation(keys, clock);
    assertEquals(0, fixture.calls.total(DYNAMO) + fixture.calls.total(KMS));
  }

  @Test
  void theFirstKeyIsAnEs256KeyStoredAsTheDocumentedItems() throws Exception {
    String kid = rotation.ensureFirstKey();
    ECKey key = keys.activeSigningKey();
    assertEquals(kid, key.getKeyID());
    assertTrue(key.isPrivate());
    assertEquals(Curve.P_256, key.getCurve());
    assertEquals(JWSAlgorithm.ES256, key.getAlgorithm());
    assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
    assertEquals(key.computeThumbprint().toString(), key.getKeyID(), "kid is the thumbprint");

    Map<String, Map<String, AttributeValue>> items = items();
    assertEquals(Set.of("ACTIVE", "KEY#" + key.getKeyID()), items.keySet());
    Map<String, AttributeValue> item = items.get("KEY#" + key.getKeyID());
    assertEquals("SIGNING_KEYS", item.get("pk").s());
    assertEquals(key.getKeyID(), item.get("kid").s());
    assertEquals("ACTIVE", item.get("status").s());
    assertEquals(TestTimes.START.toEpochMilli(), Long.parseLong(item.get("createdAt").n()),
        "times are epoch milliseconds, as in every other item");
    assertNull(item.get("retiredAt"));
    ECKey stored = ECKey.parse(item.get("publicJwk").s());
    assertFalse(stored.isPrivate());
    assertEquals(key.toPublicJWK(), stored);
    byte[] envelope = item.get("privateKey").b().asByteArray();
    String d = key.getD().toString();
    assertFalse(new String(envelope, StandardCharsets.ISO_8859_1).contains(d));
    assertFalse(new String(envelope, StandardCharsets.ISO_8859_1)
        .contains(new String(key.getD().decode(), StandardCharsets.ISO_8859_1)));
    assertEquals(key.getKeyID(), items.get("ACTIVE").get("activeKid").s());
  }

  @Test
  void signingBeforeAnyKeyExistsIsUnavailableAndWritesNothing() {
    assertUnavailable("signing-key", keys::activeSigningKey);
    assertTrue(items().isEmpty(), "only the rotation creates keys");
    assertEquals(0, fixture.calls.total(KMS), fixture.calls.toString());
  }

  @Test
  void ensuringTheFirstKeyTwiceKeepsTheFirst() {
    String kid = rotation.ensureFirstKey();
    fixture.calls.reset();
    assertEquals(kid, rotation.ensureFirstKey());
    assertEquals(0, fixture.calls.total(KMS), "an existing key is not remade");
    assertEquals(Set.of("ACTIVE", "KEY#" + kid), items().keySet());
  }

  @Test
  void theFirstUseCostsOneGetItemAndOneDecryptAndRepeatedUseCostsNothing() {
    rotation.ensureFirstKey();
    fixture.calls.reset();
    ECKey first = keys.activeSigningKey();
    assertEquals(1, fixture.calls.count(DYNAMO, "GetItem"), fixture.calls.toString());
    assertEquals(1, fixture.calls.total(DYNAMO), fixture.calls.toString());
    assertEquals(1, fixture.calls.count(KMS, "Decrypt"), fixture.calls.toString());
    assertEquals(1, fixture.calls.total(KMS), fixture.calls.toString());
    fixture.calls.reset();
    for (int i = 0; i < 100; i++) {
      assertSame(first, keys.activeSigningKey());
    }
    assertEquals(0, fixture.calls.total(KMS) + fixture.calls.total(DYNAMO),
        fixture.calls.toString());
  }

  @Test
  void eightProcessesRacingToCreateTheFirstKeyAgreeOnOne() throws Exception {
    int n = 8;
    List<SigningKeyRotation> instances = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      instances.add(rotationElsewhere());
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> kids = new ArrayList<>();
      for (SigningKeyRotation instance : instances) {
        kids.add(pool.submit(() -> {
          start.await();
          return instance.ensureFirstKey();
        }));
      }
      start.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<String> kid : kids) {
        distinct.add(kid.get(60, TimeUnit.SECONDS));
      }
      assertEquals(1, distinct.size(), "all agree: " + distinct);
      Map<String, Map<String, AttributeValue>> items = items();
      assertEquals(Set.of("ACTIVE", "KEY#" + distinct.iterator().next()), items.keySet(),
          "losers left no keys behind");
      assertEquals(distinct.iterator().next(), keys.activeSigningKey().getKeyID());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rotationMakesANewKeyActiveRetiresTheOldAndJwksListsBoth() throws Exception {
    String oldKid = rotation.ensureFirstKey();
    assertEquals(oldKid, keys.activeSigningKey().getKeyID());
    clock.advance(Duration.ofDays(30));
    String newKid = rotation.rotate();
    assertNotEquals(oldKid, newKid);
    assertEquals(newKid, keys.activeSigningKey().getKeyID(),
        "this process's cache shows the new key at once");

    Map<String, Map<String, AttributeValue>> items = items();
    assertEquals("RETIRED", items.get("KEY#" + oldKid).get("status").s());
    assertEquals(clock.instant().toEpochMilli(),
        Long.parseLong(items.get("KEY#" + oldKid).get("retiredAt").n()));
    assertEquals("ACTIVE", items.get("KEY#" + newKid).get("status").s());
    assertEquals(newKid, items.get("ACTIVE").get("activeKid").s());

    JWKSet jwks = fixture.sibling().keys(clock).publicJwks();
    assertEquals(Set.of(oldKid, newKid),
        jwks.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet()));
  }

  @Test
  void rotationCostsOneDataKeyAndNoDecrypt() {
    rotation.ensureFirstKey();
    fixture.calls.reset();
    rotation.rotate();
    assertEquals(0, fixture.calls.count(KMS, "Decrypt"), fixture.calls.toString());
    assertEquals(1, fixture.calls.count(KMS, "GenerateDataKey"), fixture.calls.toString());
  }

  @Test
  void rotatingAnEmptyTableCreatesTheFirstKey() {
    String kid = rotation.rotate();
    assertEquals(kid, keys.activeSigningKey().getKeyID());
    assertEquals(Set.of("ACTIVE", "KEY#" + kid), items().keySet());
  }

  @Test
  void retiredKeyIsPublishedOnlyUntilItsTokensHaveExpired() {
    String oldKid = rotation.ensureFirstKey();
    String newKid = rotation.rotate();
    SigningKeys reader = fixture.sibling().keys(clock);
    clock.advance(SigningKeys.MAX_TOKEN_LIFETIME);
    assertTrue(reader.publicKey(oldKid).isPresent(), "still published a day later");
    clock.advance(SigningKeys.RETIRED_KEY_PUBLICATION.minus(SigningKeys.MAX_TOKEN_LIFETIME));
    reader.forgetCachedKeys();
    assertEquals(List.of(newKid),
        reader.publicJwks().getKeys().stream().map(JWK::getKeyID).toList());
    assertTrue(reader.publicKey(oldKid).isEmpty());
  }

  @Test
  void keysStoredBeforeTimesWereEpochMillisAreStillRead() {
    String oldKid = rotation.ensureFirstKey();
    String newKid = rotation.rotate();
    // As items written before v1.1 hold them: ISO-8601 strings.
    Instant retired = clock.instant();
    fixture.emulator.dynamo().updateItem(b -> b.tableName(fixture.table)
        .key(Map.of("pk", AttributeValue.fromS("SIGNING_KEYS"),
            "sk", AttributeValue.fromS("KEY#" + oldKid)))
        .updateExpression("SET retiredAt = :r, createdAt = :c")
        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(retired.toString()),
            ":c", AttributeValue.fromS(TestTimes.START.toString()))));
    SigningKeys reader = fixture.sibling().keys(clock);
    assertEquals(Set.of(oldKid, newKid), reader.publicJwks().getKeys().stream()
        .map(JWK::getKeyID).collect(Collectors.toSet()));
    clock.advance(SigningKeys.RETIRED_KEY_PUBLICATION);
    reader.forgetCachedKeys();
    assertEquals(List.of(newKid),
        reader.publicJwks().getKeys().stream().map(JWK::getKeyID).toList());
  }

  @Test
  void publicJwksHoldsNoPrivateMaterialAndCostsNoKmsCall() {
    rotation.ensureFirstKey();
    rotation.rotate();
    SigningFixture reader = fixture.sibling();
    JWKSet jwks = reader.keys(clock).publicJwks();
    assertEquals(2, jwks.getKeys().size());
    for (JWK key : jwks.getKeys()) {
      assertFalse(key.isPrivate());
      assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
      assertEquals(JWSAlgorithm.ES256, key.getAlgorithm());
    }
    assertFalse(jwks.toString(false).contains("\"d\""));
    assertEquals(0, reader.calls.total(KMS), reader.calls.toString());
  }

  @Test
  void publicJwksOfAnEmptyTableIsEmptyAndCreatesNothing() {
    assertTrue(keys.publicJwks().getKeys().isEmpty());
    assertTrue(items().isEmpty());
  }

  @Test
  void publicKeysAreCachedForSixtySeconds() {
    SigningFixture reader = fixture.sibling();
    assertPublicKeysReloadedOnlyAfter(Duration.ofSeconds(60), reader, reader.keys(clock));
  }

  @Test
  void aShorterCacheTimeFromTheSettingsIsKept() {
    SigningFixture reader = fixture.sibling();
    Duration fiveSeconds = Duration.ofSeconds(5);
    assertPublicKeysReloadedOnlyAfter(fiveSeconds, reader,
        new SigningKeys(reader.repository(), reader.codec(), clock, fiveSeconds));
  }

  /** One read of the public keys until {@code ttl} has passed, a second one after it. */
  private void assertPublicKeysReloadedOnlyAfter(Duration ttl, SigningFixture reader,
      SigningKeys readerKeys) {
    rotation.ensureFirstKey();
    readerKeys.publicJwks();
    readerKeys.publicJwks();
    clock.advance(ttl.minusSeconds(1));
    readerKeys.publicJwks();
    assertEquals(1, reader.calls.count(DYNAMO, "Query"), reader.calls.toString());
    clock.advance(Duration.ofSeconds(2));
    readerKeys.publicJwks();
    assertEquals(2, reader.calls.count(DYNAMO, "Query"), reader.calls.toString());
  }

  @Test
  void theCacheTimeMustBeMoreThanZeroAndAtMostSixtySeconds() {
    for (Duration wrong : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(61))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new SigningKeys(fixture.repository(), fixture.codec(), clock, wrong));
      assertTrue(e.getMessage().contains("at most 60 s"), e.getMessage());
    }
    assertNotNull(new SigningKeys(fixture.repository(), fixture.codec(), clock,
        Duration.ofSeconds(60)));
  }

  @Test
  void unknownKidTriggersAtMostOneReloadPerSecond() {
    rotation.ensureFirstKey();
    SigningFixture reader = fixture.sibling();
    SigningKeys readerKeys = reader.keys(clock);
    assertTrue(readerKeys.publicKey("no-such-kid").isEmpty());
    for (int i = 0; i < 20; i++) {
      assertTrue(readerKeys.publicKey("no-such-kid-" + i).isEmpty());
    }
    assertEquals(1, reader.calls.count(DYNAMO, "Query"), reader.calls.toString());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(readerKeys.publicKey("no-such-kid").isEmpty());
    assertEquals(2, reader.calls.count(DYNAMO, "Query"), reader.calls.toString());
    assertTrue(readerKeys.publicKey(null).isEmpty());
    assertTrue(readerKeys.publicKey("").isEmpty());
  }

  @Test
  void keyMadeByAnotherProcessIsFoundThroughTheUnknownKidReload() {
    rotation.ensureFirstKey();
    SigningKeys reader = fixture.sibling().keys(clock);
    reader.publicJwks();
    String newKid = rotation.rotate();
    clock.advance(Duration.ofSeconds(2));
    assertTrue(reader.publicKey(newKid).isPresent());
  }

  @Test
  void pointerIsRecheckedEveryFiveMinutesAndKmsIsCalledOnlyWhenTheKidChanged() {
    rotation.ensureFirstKey();
    String firstKid = keys.activeSigningKey().getKeyID();
    String secondKid = rotationElsewhere().rotate();
    fixture.calls.reset();

    clock.advance(SigningKeys.POINTER_RECHECK_INTERVAL.minusSeconds(1));
    assertEquals(firstKid, keys.activeSigningKey().getKeyID(), "not rechecked yet");
    assertEquals(0, fixture.calls.total(DYNAMO) + fixture.calls.total(KMS));

    clock.advance(Duration.ofSeconds(1));
    assertEquals(secondKid, keys.activeSigningKey().getKeyID());
    assertEquals(1, fixture.calls.count(DYNAMO, "GetItem"), fixture.calls.toString());
    assertEquals(1, fixture.calls.count(KMS, "Decrypt"), fixture.calls.toString());

    fixture.calls.reset();
    clock.advance(SigningKeys.POINTER_RECHECK_INTERVAL);
    assertEquals(secondKid, keys.activeSigningKey().getKeyID());
    assertEquals(1, fixture.calls.total(DYNAMO), fixture.calls.toString());
    assertEquals(0, fixture.calls.total(KMS), "unchanged kid needs no KMS call");
  }

  @Test
  void forgetCachedKeysMakesTheNextUseDecryptAgain() {
    rotation.ensureFirstKey();
    keys.activeSigningKey();
    keys.publicJwks();
    fixture.calls.reset();
    keys.forgetCachedKeys();
    keys.activeSigningKey();
    keys.publicJwks();
    assertEquals(1, fixture.calls.count(KMS, "Decrypt"), fixture.calls.toString());
    assertEquals(1, fixture.calls.count(DYNAMO, "GetItem"), fixture.calls.toString());
    assertEquals(1, fixture.calls.count(DYNAMO, "Query"), fixture.calls.toString());
  }

  @Test
  void withheldPrivateKeysAreForgottenAndNeitherLoadedNorDecryptedUntilAllowedAgain() {
    rotation.ensureFirstKey();
    keys.activeSigningKey();
    keys.withholdPrivateKeys();
    fixture.calls.reset();
    assertFalse(keys.privateKeysAllowed());
    assertUnavailable("signing-key", keys::activeSigningKey);
    assertTrue(keys.toString().contains("(not loaded)"), "the decrypted key is gone");
    assertEquals(1, keys.publicJwks().getKeys().size(), "public keys are still served");
    assertEquals(0, fixture.calls.total(KMS), fixture.calls.toString());
    keys.allowPrivateKeys();
    assertTrue(keys.activeSigningKey().isPrivate());
    assertEquals(1, fixture.calls.count(KMS, "Decrypt"), fixture.calls.toString());
  }

  @Test
  void aLoadRacingTheWithholdingNeverLeavesAKeyBehind() throws Exception {
    rotation.ensureFirstKey();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        keys.allowPrivateKeys();
        keys.forgetCachedKeys();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> loaders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          loaders.add(pool.submit(() -> {
            start.await();
            try {
              keys.activeSigningKey();
            } catch (dev.keyfob.problem.DependencyUnavailableException withheld) {
              // refused once withheld: expected for the loaders that come later
            }
            return null;
          }));
        }
        start.countDown();
        keys.withholdPrivateKeys();
        for (Future<?> loader : loaders) {
          loader.get(30, TimeUnit.SECONDS);
        }
        assertTrue(keys.toString().contains("(not loaded)"), "round " + round + ": "
            + keys);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentRotationLosesCleanlyAndChangesNothing() {
    rotation.ensureFirstKey();
    SigningKeyRotation winner = rotationElsewhere();
    AtomicBoolean fired = new AtomicBoolean();
    ExecutionInterceptor rotateFirst = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
        if ("TransactWriteItems".equals(attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
            && fired.compareAndSet(false, true)) {
          winner.rotate();
        }
      }
    };
    SigningFixture loserFixture = fixture.sibling(rotateFirst);
    SigningKeyRotation loser = loserFixture.rotation(loserFixture.keys(clock), clock);
    assertThrows(IllegalStateException.class, loser::rotate);
    Map<String, Map<String, AttributeValue>> items = items();
    String active = items.get("ACTIVE").get("activeKid").s();
    assertEquals(fixture.sibling().keys(clock).activeSigningKey().getKeyID(), active);
    assertEquals(3, items.size(), "first key, winner's key and pointer only: " + items.keySet());
  }

  @Test
  void unreachableDynamoDbIsDependencyUnavailable() {
    FailingTransport down = new FailingTransport(DYNAMO,
        () -> SdkClientException.create("injected: connection refused"));
    SigningFixture offline = fixture.sibling(down);
    SigningKeys offlineKeys = offline.keys(clock);
    assertUnavailable("dynamodb", offlineKeys::activeSigningKey);
    assertUnavailable("dynamodb", offlineKeys::publicJwks);
    assertUnavailable("dynamodb", () -> offlineKeys.publicKey("kid"));
    assertUnavailable("dynamodb", offline.rotation(offlineKeys, clock)::rotate);
  }

  @Test
  void unreachableKmsIsDependencyUnavailableWhenLoadingOrCreating() {
    FailingTransport down = new FailingTransport(KMS,
        () -> SdkClientException.create("injected: connection refused"));
    SigningFixture offline = fixture.sibling(down);
    SigningKeys offlineKeys = offline.keys(clock);
    assertUnavailable("kms", offline.rotation(offlineKeys, clock)::ensureFirstKey);
    assertTrue(items().isEmpty(), "nothing written when the key could not be encrypted");
    rotation.ensureFirstKey();
    assertUnavailable("kms", offlineKeys::activeSigningKey);
    assertEquals(1, offlineKeys.publicJwks().getKeys().size(), "public keys need no KMS");
    down.enabled(false);
    assertNotNull(offlineKeys.activeSigningKey());
  }

  @Test
  void privateKeyEnvelopeMovedToAnotherKidDoesNotDecrypt() {
    String oldKid = rotation.ensureFirstKey();
    rotation.rotate();
    AttributeValue oldEnvelope = items().get("KEY#" + oldKid).get("privateKey");
    fixture.emulator.dynamo().updateItem(b -> b.tableName(fixture.table)
        .key(Map.of("pk", AttributeValue.fromS("SIGNING_KEYS"), "sk", AttributeValue.fromS(
            "ACTIVE")))
        .updateExpression("SET privateKey = :p")
        .expressionAttributeValues(Map.of(":p", oldEnvelope)));
    assertUnavailable("kms", () -> fixture.sibling().keys(clock).activeSigningKey());
  }

  @Test
  void toStringNamesTheKidButNeverThePrivateKey() {
    rotation.ensureFirstKey();
    ECKey key = keys.activeSigningKey();
    String text = keys.toString();
    assertTrue(text.contains(key.getKeyID()));
    assertFalse(text.contains(key.getD().toString()));
  }
}
