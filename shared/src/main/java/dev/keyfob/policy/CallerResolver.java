package dev.keyfob.policy;

import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AccountSnapshot;
import dev.keyfob.token.Principal;
import dev.keyfob.token.TokenVerifier;
import java.time.Clock;

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

  public Caller resolve(String authorizationHeader) {
    Principal principal = tokens.verifyAuthorizationHeader(authorizationHeader);
    AccountSnapshot snapshot = accounts.load(principal.userId(), principal.orgId());
    if (principal.mfa() && (principal.factorVersion() == null
        || principal.factorVersion() != snapshot.state().factorVersion())) {
      throw new ProblemException(ProblemType.UNAUTHENTICATED,
          "This two-factor session ended because your two-factor settings changed. Sign in"
              + " again.");
    }
    return new Caller(principal, snapshot, clock.instant());
  }
}
