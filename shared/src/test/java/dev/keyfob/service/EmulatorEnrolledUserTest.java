package dev.keyfob.service;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link EnrolledUserTest} on the emulator, for what depends on DynamoDB, KMS or the SDK: real
 * concurrency on conditional writes, outages, call budgets.
 */
@ExtendWith(AwsEmulator.class)
abstract class EmulatorEnrolledUserTest extends EnrolledUserTest {

  protected final Emulator emulator;

  EmulatorEnrolledUserTest(Emulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected TestKeyfob start() {
    return TestKeyfob.start(emulator);
  }
}
