package dev.keyfob.service;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the rule tests that start from one enrolled member: alice of acme, signed in with a
 * password, with her authenticator secret and recovery codes known to the test.
 */
@ExtendWith(AwsEmulator.class)
abstract class EnrolledUserTest {

  protected TestKeyfob keyfob;
  protected String token;
  protected Enrolled enrolled;

  /** The keyfob under test; override to add interceptors or settings. */
  protected TestKeyfob start(Emulator emulator) {
    return TestKeyfob.start(emulator);
  }

  @BeforeEach
  void enrollAlice(Emulator emulator) {
    keyfob = start(emulator);
    token = keyfob.user("alice", "acme").sign();
    enrolled = keyfob.enroll(token);
  }

  @AfterEach
  void closeKeyfob() {
    keyfob.close();
  }
}
