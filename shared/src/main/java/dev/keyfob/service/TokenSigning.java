package dev.keyfob.service;

import dev.keyfob.token.IssuedToken;
import dev.keyfob.token.MfaTokenIssuer;
import dev.keyfob.token.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Signs MFA tokens in the background while the write that earns them is on its way to
 * DynamoDB. ES256 signing is most of a sign-in's own CPU time (about half a millisecond warm),
 * and the write is a network wait, so overlapping them takes the signature off the latency. All
 * that can fail (an expired basis token, a signing key that cannot be loaded) is checked before
 * the write starts; the token is handed out only after the write has succeeded.
 */
final class TokenSigning {

  private final MfaTokenIssuer issuer;
  private final ExecutorService signers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "keyfob-token-signing");
    t.setDaemon(true);
    return t;
  });

  TokenSigning(MfaTokenIssuer issuer) {
    this.issuer = issuer;
  }

  /**
   * Checks and starts signing.
   *
   * @throws dev.keyfob.problem.ProblemException if no token can be issued to this caller
   */
  Pending start(Principal basis, String method, long factorVersion) {
    MfaTokenIssuer.UnsignedToken unsigned = issuer.prepare(basis, method, factorVersion);
    return new Pending(CompletableFuture.supplyAsync(unsigned::sign, signers));
  }

  /**
   * Checks and starts signing the caller's MFA token again with another factor version (see
   * {@link MfaTokenIssuer#prepareSuccessor}).
   */
  Pending startSuccessor(Principal current, long factorVersion) {
    MfaTokenIssuer.UnsignedToken unsigned = issuer.prepareSuccessor(current, factorVersion);
    return new Pending(CompletableFuture.supplyAsync(unsigned::sign, signers));
  }

  /** A token being signed. */
  static final class Pending {
    private final CompletableFuture<IssuedToken> token;

    private Pending(CompletableFuture<IssuedToken> token) {
      this.token = token;
    }

    /** The signed token, once signing has finished. */
    IssuedToken join() {
      try {
        return token.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
  }
}
