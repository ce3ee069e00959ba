package dev.keyfob.store;

/** {@link SigningKeyRepositoryContract} on the in-memory fake the rule tests run on. */
class InMemorySigningKeyRepositoryTest extends SigningKeyRepositoryContract {

  @Override
  protected Storage newStorage() {
    return inMemory();
  }
}
