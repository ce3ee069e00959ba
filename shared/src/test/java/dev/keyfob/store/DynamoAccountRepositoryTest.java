package dev.keyfob.store;

import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AccountRepositoryContract} on DynamoDB: a fresh table of the emulator per test. */
@ExtendWith(AwsEmulator.class)
class DynamoAccountRepositoryTest extends AccountRepositoryContract {

  private final Emulator emulator;

  DynamoAccountRepositoryTest(Emulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected Storage newStorage() {
    return onEmulator(emulator);
  }
}
