package dev.keyfob.policy;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AccountSnapshot;
import dev.keyfob.store.Keys;
import dev.keyfob.store.Lookups;
import dev.keyfob.token.Principal;
import dev.keyfob.token.TokenVerifier;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: verifies the token, reads the
 * caller's state in one call, and rejects an MFA token whose factor version is no longer the
 * user's (after a reset, method change or removal) with 401.
 */
public final class CallerResolver {

  private final TokenVerifier tokens;
  private final AccountRepository accounts;
  private final Clock clock;

  public CallerResolver(TokenVerifier tokens, AccountRepository accounts, Clock clock) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** The caller of a request that names nothing beyond the caller's own items. */
  public Caller resolve(String authorizationHeader) {
    return load(authenticate(authorizationHeader), Lookups.NONE);
  }

  /**
   * Verifies the bearer token: 401 before anything else of the request is looked at.
   *
   * @throws ProblemException {@code UNAUTHENTICATED} if the token is not acceptable
   */
  public Principal authenticate(String authorizationHeader) {
    return tokens.verifyAuthorizationHeader(authorizationHeader);
  }

  /**
   * Reads the parts of a request that name what {@link #load} reads with the caller (a body or a
   * path checked before the caller is loaded). When the request is refused and the token is an
   * MFA token whose factor version is no longer the user's, the answer is that 401 instead, since
   * the token is checked before the request; that costs a read only on such a refusal.
   *
   * @param reading parses the request, throwing {@link ProblemException} on bad input
   */
  public <T> T readRequest(Principal principal, Supplier<T> reading) {
    try {
      return reading.get();
    } catch (ProblemException refused) {
      if (principal.mfa()) {
        load(principal, Lookups.NONE);
      }
      throw refused;
    }
  }

  /**
   * Reads what storage says about an authenticated caller and the WebAuthn credential the request
   * names (to check an assertion against it, or to refuse registering its id twice), in one call.
   *
   * @param credentialId the raw credential id, or null when the request names none (or names
   *     one that does not decode)
   */
  public Caller load(Principal principal, byte[] credentialId) {
    return load(principal, credentialId == null ? Lookups.NONE
        : Lookups.credential(Keys.credentialKey(credentialId)));
  }

  /**
   * Reads what storage says about an authenticated caller and their remembered device with this
   * token hash, in one call.
   *
   * @param deviceHash the presented device token's hash, or null when it cannot be one
   */
  public Caller loadWithDevice(Principal principal, String deviceHash) {
    return load(principal, deviceHash == null ? Lookups.NONE : Lookups.device(deviceHash));
  }

  /**
   * Reads what storage says about an authenticated caller, with the items the request names, in
   * one call; refuses an MFA token whose factor version is no longer the user's.
   */
  private Caller load(Principal principal, Lookups lookups) {
    AccountSnapshot snapshot = accounts.load(principal.userId(), principal.orgId(), lookups);
    if (principal.mfa() && (principal.factorVersion() == null
        || principal.factorVersion() != snapshot.state().factorVersion())) {
      throw new ProblemException(ProblemType.UNAUTHENTICATED,
          "This two-factor session ended because your two-factor settings changed. Sign in"
              + " again.");
    }
    return new Caller(principal, snapshot, clock.instant());
  }
}
