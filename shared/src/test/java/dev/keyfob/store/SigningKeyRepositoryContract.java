package dev.keyfob.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link SigningKeyRepository}: the first key only while there is none, a
 * rotation only from the key the pointer still names, the active key with its private envelope
 * and every key with public parts only. Run on DynamoDB (the emulator) and on the in-memory fake
 * by the two subclasses.
 */
abstract class SigningKeyRepositoryContract extends StorageContract {

  SigningKeyRepository keys;

  @org.junit.jupiter.api.BeforeEach
  void keys() {
    keys = storage.signingKeys();
  }

  @Test
  void thereIsNoKeyBeforeTheFirst() {
    assertEquals(Optional.empty(), keys.active());
    assertEquals(List.of(), keys.publicKeys());
  }

  @Test
  void theFirstKeyIsActiveWithItsPrivateEnvelopeAndPublishedWithoutIt() {
    SigningKeyRecord first = key("kid-1");
    keys.createFirst(first);
    SigningKeyRecord active = keys.active().orElseThrow();
    assertEquals(new SigningKeyRecord("kid-1", true, first.publicJwk(), null, null, null),
        active);
    assertEquals(first.publicJwk(), active.publicJwk());
    assertArrayEquals(first.privateKeyEnvelope(), active.privateKeyEnvelope());
    assertEquals(millis(NOW), active.createdAt());
    SigningKeyRecord published = keys.publicKeys().get(0);
    assertEquals(1, keys.publicKeys().size());
    assertEquals("kid-1", published.kid());
    assertTrue(published.active());
    assertNull(published.privateKeyEnvelope());
    assertEquals(first.publicJwk(), published.publicJwk());
    assertEquals(millis(NOW), published.createdAt());
    assertNull(published.retiredAt());
  }

  @Test
  void aSecondFirstKeyIsRefused() {
    keys.createFirst(key("kid-1"));
    refused(() -> keys.createFirst(key("kid-2")));
    refused(() -> keys.createFirst(key("kid-1")));
  }

  @Test
  void aRotationRetiresTheCurrentKeyAndPointsAtTheNewOne() {
    keys.createFirst(key("kid-1"));
    Instant later = NOW.plusSeconds(3600);
    SigningKeyRecord fresh = new SigningKeyRecord("kid-2", true, "{\"kid\":\"kid-2\"}",
        new byte[] {9, 9, 9}, later, null);
    keys.rotate(fresh, "kid-1", later);
    SigningKeyRecord active = keys.active().orElseThrow();
    assertEquals("kid-2", active.kid());
    assertArrayEquals(fresh.privateKeyEnvelope(), active.privateKeyEnvelope());
    assertEquals(millis(later), active.createdAt());
    List<SigningKeyRecord> all = keys.publicKeys();
    assertEquals(List.of("kid-1", "kid-2"), all.stream().map(SigningKeyRecord::kid).toList());
    assertEquals(new SigningKeyRecord("kid-1", false, "x", null, null, millis(later)),
        all.get(0));
    assertEquals(millis(NOW), all.get(0).createdAt());
    assertEquals(new SigningKeyRecord("kid-2", true, "x", null, null, null), all.get(1));
  }

  @Test
  void aRotationFromAKeyThatIsNoLongerActiveIsRefused() {
    keys.createFirst(key("kid-1"));
    keys.rotate(key("kid-2"), "kid-1", NOW);
    refused(() -> keys.rotate(key("kid-3"), "kid-1", NOW)); // a concurrent rotation won
    refused(() -> keys.rotate(key("kid-3"), "kid-9", NOW)); // never a key
  }

  @Test
  void aRotationToAKidThatExistsIsRefused() {
    keys.createFirst(key("kid-1"));
    keys.rotate(key("kid-2"), "kid-1", NOW);
    refused(() -> keys.rotate(key("kid-1"), "kid-2", NOW));
  }

  @Test
  void aRotationBeforeTheFirstKeyIsRefused() {
    refused(() -> keys.rotate(key("kid-2"), "kid-1", NOW));
  }

  private static SigningKeyRecord key(String kid) {
    return new SigningKeyRecord(kid, true, "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}",
        bytes(48, kid.hashCode()), NOW, null);
  }

  /** What a write could change: the active key with its envelope and every key. */
  private List<Object> everything() {
    Optional<SigningKeyRecord> active = keys.active();
    return Arrays.asList(active, active.map(k -> Arrays.toString(k.privateKeyEnvelope())),
        active.map(SigningKeyRecord::publicJwk), keys.publicKeys(),
        keys.publicKeys().stream().map(k -> k.publicJwk() + k.createdAt()).toList());
  }

  private void refused(Executable write) {
    assertRefused(this::everything, write);
  }
}
