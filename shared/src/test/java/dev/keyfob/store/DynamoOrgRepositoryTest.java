package dev.keyfob.store;

import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link OrgRepositoryContract} on DynamoDB: a fresh table of the emulator per test. */
@ExtendWith(AwsEmulator.class)
class DynamoOrgRepositoryTest extends OrgRepositoryContract {

  private final Emulator emulator;

  DynamoOrgRepositoryTest(Emulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected Storage newStorage() {
    return onEmulator(emulator);
  }
}
