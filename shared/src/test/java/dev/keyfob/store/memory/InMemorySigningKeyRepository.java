package dev.keyfob.store.memory;

import static dev.keyfob.store.memory.InMemoryStorage.millis;
import static dev.keyfob.store.memory.InMemoryStorage.require;

import dev.keyfob.store.SigningKeyRecord;
import dev.keyfob.store.SigningKeyRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SigningKeyRepository} in memory, as {@link dev.keyfob.store.DynamoSigningKeyRepository}:
 * every key by kid and a pointer holding a copy of the active one; the first key only while there
 * is no pointer, a rotation only while the pointer and the current key's status are as read.
 * Part of an {@link InMemoryStorage}.
 */
final class InMemorySigningKeyRepository implements SigningKeyRepository {

  private final InMemoryStorage store;

  InMemorySigningKeyRepository(InMemoryStorage store) {
    this.store = store;
  }

  @Override
  public Optional<SigningKeyRecord> active() {
    synchronized (store) {
      SigningKeyRecord pointer = store.activeSigningKey;
      return pointer == null ? Optional.empty() : Optional.of(new SigningKeyRecord(pointer.kid(),
          true, pointer.publicJwk(), pointer.privateKeyEnvelope(), pointer.createdAt(), null));
    }
  }

  @Override
  public List<SigningKeyRecord> publicKeys() {
    synchronized (store) {
      List<SigningKeyRecord> keys = new ArrayList<>();
      for (SigningKeyRecord k : store.signingKeyItems.values()) {
        keys.add(new SigningKeyRecord(k.kid(), k.active(), k.publicJwk(), null, k.createdAt(),
            k.retiredAt()));
      }
      return keys;
    }
  }

  @Override
  public void createFirst(SigningKeyRecord key) {
    synchronized (store) {
      require(!store.signingKeyItems.containsKey(key.kid()));
      require(store.activeSigningKey == null);
      store.signingKeyItems.put(key.kid(), stored(key, key.active(), key.retiredAt()));
      store.activeSigningKey = stored(key, true, null);
    }
  }

  @Override
  public void rotate(SigningKeyRecord fresh, String currentKid, Instant now) {
    synchronized (store) {
      require(!store.signingKeyItems.containsKey(fresh.kid()));
      SigningKeyRecord current = store.signingKeyItems.get(currentKid);
      require(current != null && current.active());
      require(store.activeSigningKey != null
          && store.activeSigningKey.kid().equals(currentKid));
      store.signingKeyItems.put(fresh.kid(), stored(fresh, fresh.active(), fresh.retiredAt()));
      store.signingKeyItems.put(currentKid, stored(current, false, now));
      store.activeSigningKey = stored(fresh, true, null);
    }
  }

  private static SigningKeyRecord stored(SigningKeyRecord k, boolean active, Instant retiredAt) {
    return new SigningKeyRecord(k.kid(), active, k.publicJwk(), k.privateKeyEnvelope(),
        millis(k.createdAt()), millis(retiredAt));
  }
}
