package dev.keyfob.token;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.keyfob.config.KeyfobSettings;
import dev.keyfob.problem.DependencyUnavailableException;
import dev.keyfob.store.SigningKeyRecord;
import dev.keyfob.store.SigningKeyRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The MFA-token signing keys one execution environment uses, cached: the active private key to
 * sign with, and the published public keys to verify with and to serve as the JWKS. It only
 * reads; {@link SigningKeyRotation} makes keys.
 *
 * <h2>Caching and cost</h2>
 *
 * <p>{@link #activeSigningKey()} decrypts the active key once per instance (one read, one KMS
 * call) and then re-reads only the pointer, at most every {@link #POINTER_RECHECK_INTERVAL} (one
 * read, and one KMS call only when the active kid changed). {@link #publicJwks()} and {@link
 * #publicKey(String)} read public keys only (no KMS), cached for {@link #PUBLIC_KEYS_CACHE_TTL}
 * (or the shorter time the settings give: {@code KEYFOB_JWKS_CACHE_SECONDS}),
 * refreshed early for an unknown kid at most once per {@link #UNKNOWN_KID_REFRESH_INTERVAL}. A
 * retired key stays published for {@link #RETIRED_KEY_PUBLICATION}: the longest token lifetime
 * plus the pointer re-check interval (an environment may sign with the old key that long after a
 * rotation elsewhere) plus clock leeway, rounded up. All intervals use the injected clock.
 *
 * <h2>Snapshots</h2>
 *
 * <p>A decrypted key must never be in a SnapStart snapshot. {@link #withholdPrivateKeys()}
 * forgets the decrypted key and refuses to load one until {@link #allowPrivateKeys()}; both
 * take the same lock the loading does, so once withholding returns no thread can keep or load a
 * key. A function initialised for a snapshot withholds from the start and allows after restore,
 * so the key is never loaded before the snapshot in the first place.
 *
 * <h2>Failures</h2>
 *
 * <p>No active key yet (the rotation has never run), withheld keys, unreachable DynamoDB or KMS:
 * {@link DependencyUnavailableException}. Callers must not log the {@link ECKey} that {@link
 * #activeSigningKey()} returns (its {@code toString()} is its JSON, private part included).
 *
 * <p>Thread-safe; one instance per execution environment.
 */
public final class SigningKeys {

  /** Longest lifetime of an MFA token; {@link MfaTokenIssuer} refuses a longer TTL. */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);
  /** How often {@link #activeSigningKey()} re-reads the pointer. */
  public static final Duration POINTER_RECHECK_INTERVAL = Duration.ofMinutes(5);
  /** How long a retired key's public key stays published after it was retired. */
  public static final Duration RETIRED_KEY_PUBLICATION = Duration.ofHours(25);
  /** How long the published public keys are cached by default, and at most. */
  public static final Duration PUBLIC_KEYS_CACHE_TTL = KeyfobSettings.LONGEST_JWKS_CACHE;
  /** Least time between two early refreshes caused by unknown kids. */
  public static final Duration UNKNOWN_KID_REFRESH_INTERVAL = Duration.ofSeconds(1);

  private final SigningKeyRepository repository;
  private final SigningKeyCodec codec;
  private final Clock clock;
  private final Duration publicKeysCacheTtl;

  private final Object activeLock = new Object();
  private final Object publicLock = new Object();
  private volatile ActiveKey active;
  private volatile PublishedKeys published;
  /** Guarded by {@link #activeLock}. */
  private boolean privateKeysWithheld;

  private record ActiveKey(String kid, ECKey key, Instant checkedAt) {
    @Override
    public String toString() {
      return "ActiveKey[kid=" + kid + "]";
    }
  }

  private record PublishedKeys(Map<String, ECKey> byKid, Instant loadedAt) {}

  /** Keys whose public part is cached for {@link #PUBLIC_KEYS_CACHE_TTL}. */
  public SigningKeys(SigningKeyRepository repository, SigningKeyCodec codec, Clock clock) {
    this(repository, codec, clock, PUBLIC_KEYS_CACHE_TTL);
  }

  /**
   * Keys whose public part is cached for {@code publicKeysCacheTtl}, more than zero and at most
   * {@link #PUBLIC_KEYS_CACHE_TTL}.
   */
  public SigningKeys(SigningKeyRepository repository, SigningKeyCodec codec, Clock clock,
      Duration publicKeysCacheTtl) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (publicKeysCacheTtl.isNegative() || publicKeysCacheTtl.isZero()
        || publicKeysCacheTtl.compareTo(PUBLIC_KEYS_CACHE_TTL) > 0) {
      throw new IllegalArgumentException("the public keys' cache time must be more than zero and"
          + " at most " + PUBLIC_KEYS_CACHE_TTL.toSeconds() + " s, not " + publicKeysCacheTtl);
    }
    this.publicKeysCacheTtl = publicKeysCacheTtl;
  }

  /**
   * The key to sign new MFA tokens with: private, with kid, {@code use=sig}, {@code alg=ES256}.
   *
   * @throws DependencyUnavailableException if there is no key yet, keys are withheld, or
   *     DynamoDB or KMS cannot be used
   */
  public ECKey activeSigningKey() {
    ActiveKey current = active;
    if (current != null && !due(current.checkedAt, clock.instant(), POINTER_RECHECK_INTERVAL)) {
      return current.key;
    }
    synchronized (activeLock) {
      if (privateKeysWithheld) {
        throw new DependencyUnavailableException("signing-key",
            new IllegalStateException("private signing keys are withheld (snapshot)"));
      }
      current = active;
      Instant now = clock.instant();
      if (current != null && !due(current.checkedAt, now, POINTER_RECHECK_INTERVAL)) {
        return current.key;
      }
      SigningKeyRecord pointer = repository.active().orElseThrow(() ->
          new DependencyUnavailableException("signing-key", new IllegalStateException(
              "there is no active signing key: run SigningKeyRotationFunction")));
      ActiveKey next = current != null && current.kid.equals(pointer.kid())
          ? new ActiveKey(current.kid, current.key, now)
          : new ActiveKey(pointer.kid(), codec.open(pointer), now);
      active = next;
      rememberPublic(next.key);
      return next.key;
    }
  }

  /**
   * The public keys tokens may currently be signed with: the active key and every key retired
   * less than {@link #RETIRED_KEY_PUBLICATION} ago. No KMS call. Empty before the first key.
   *
   * @throws DependencyUnavailableException if DynamoDB cannot be used
   */
  public JWKSet publicJwks() {
    PublishedKeys keys = published;
    if (keys == null || due(keys.loadedAt, clock.instant(), publicKeysCacheTtl)) {
      keys = reloadPublished(null);
    }
    return new JWKSet(new ArrayList<JWK>(keys.byKid.values()));
  }

  /**
   * The published public key with this kid. An unknown kid triggers one early reload, at most
   * once per {@link #UNKNOWN_KID_REFRESH_INTERVAL}, so a key made moments ago is found.
   *
   * @throws DependencyUnavailableException if DynamoDB cannot be used
   */
  public Optional<ECKey> publicKey(String kid) {
    if (kid == null || kid.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    PublishedKeys keys = published;
    if (keys == null || due(keys.loadedAt, now, publicKeysCacheTtl)) {
      keys = reloadPublished(null);
    }
    ECKey key = keys.byKid.get(kid);
    if (key == null && due(keys.loadedAt, now, UNKNOWN_KID_REFRESH_INTERVAL)) {
      key = reloadPublished(keys).byKid.get(kid);
    }
    return Optional.ofNullable(key);
  }

  /**
   * Drops every cached key, private and public, so the next call reloads them (after a rotation
   * in this process).
   */
  public void forgetCachedKeys() {
    synchronized (activeLock) {
      active = null;
    }
    synchronized (publicLock) {
      published = null;
    }
  }

  /**
   * Forgets the decrypted key and refuses to load one until {@link #allowPrivateKeys()}: before
   * a snapshot, or from the start in an environment initialised for one.
   */
  public void withholdPrivateKeys() {
    synchronized (activeLock) {
      privateKeysWithheld = true;
      active = null;
    }
  }

  /** Lets {@link #activeSigningKey()} load the key again (after a snapshot's restore). */
  public void allowPrivateKeys() {
    synchronized (activeLock) {
      privateKeysWithheld = false;
    }
  }

  /** Whether {@link #activeSigningKey()} may load a key now. */
  public boolean privateKeysAllowed() {
    synchronized (activeLock) {
      return !privateKeysWithheld;
    }
  }

  @Override
  public String toString() {
    ActiveKey current = active;
    return "SigningKeys[activeKid=" + (current == null ? "(not loaded)" : current.kid) + "]";
  }

  private void rememberPublic(ECKey key) {
    synchronized (publicLock) {
      PublishedKeys keys = published;
      if (keys != null && !keys.byKid.containsKey(key.getKeyID())) {
        Map<String, ECKey> byKid = new LinkedHashMap<>(keys.byKid);
        byKid.put(key.getKeyID(), key.toPublicJWK());
        published = new PublishedKeys(Collections.unmodifiableMap(byKid), keys.loadedAt);
      }
    }
  }

  /**
   * Reloads the public keys unless another thread did since {@code seen} was current (or, with
   * {@code seen} null, unless the cache is fresh).
   */
  private PublishedKeys reloadPublished(PublishedKeys seen) {
    synchronized (publicLock) {
      PublishedKeys keys = published;
      Instant now = clock.instant();
      if (keys != null && keys != seen && !due(keys.loadedAt, now, publicKeysCacheTtl)) {
        return keys;
      }
      Map<String, ECKey> byKid = new LinkedHashMap<>();
      for (SigningKeyRecord stored : repository.publicKeys()) {
        if (isPublished(stored, now)) {
          byKid.put(stored.kid(), codec.publicKey(stored));
        }
      }
      keys = new PublishedKeys(Collections.unmodifiableMap(byKid), now);
      published = keys;
      return keys;
    }
  }

  private static boolean isPublished(SigningKeyRecord stored, Instant now) {
    if (stored.active()) {
      return true;
    }
    if (stored.retiredAt() == null) {
      throw new IllegalStateException("retired signing key " + stored.kid()
          + " has no retiredAt");
    }
    return now.isBefore(stored.retiredAt().plus(RETIRED_KEY_PUBLICATION));
  }

  /** Whether at least {@code interval} passed since {@code since}; a clock gone back counts too. */
  private static boolean due(Instant since, Instant now, Duration interval) {
    return now.isBefore(since) || !now.isBefore(since.plus(interval));
  }
}
