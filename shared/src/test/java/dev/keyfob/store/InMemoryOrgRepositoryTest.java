package dev.keyfob.store;

/** {@link OrgRepositoryContract} on the in-memory fake the rule tests run on. */
class InMemoryOrgRepositoryTest extends OrgRepositoryContract {

  @Override
  protected Storage newStorage() {
    return inMemory();
  }
}
