package dev.keyfob.store;

/** {@link AccountRepositoryContract} on the in-memory fake the rule tests run on. */
class InMemoryAccountRepositoryTest extends AccountRepositoryContract {

  @Override
  protected Storage newStorage() {
    return inMemory();
  }
}
