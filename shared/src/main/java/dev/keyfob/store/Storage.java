package dev.keyfob.store;

/**
 * Where keyfob keeps its state: the three repositories over one store, so that a change made
 * through one (a membership, an audit event, an org's settings) is what the others read.
 * {@link DynamoStorage} is the one keyfob runs on; the tests' in-memory fakes honour the same
 * contracts. Implementations are thread-safe.
 */
public interface Storage {

  AccountRepository accounts();

  OrgRepository orgs();

  SigningKeyRepository signingKeys();
}
