package dev.keyfob.service;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that start from one enrolled member: alice of acme, signed in with a
 * password, with her authenticator secret and recovery codes known to the test. keyfob runs on
 * the in-memory fakes unless a test needs the emulator ({@link EmulatorEnrolledUserTest}).
 */
abstract class EnrolledUserTest {

  protected TestKeyfob keyfob;
  protected String token;
  protected Enrolled enrolled;

  /** The keyfob under test; override for other settings or backing. */
  protected TestKeyfob start() {
    return TestKeyfob.inMemory();
  }

  @BeforeEach
  void enrollAlice() {
    keyfob = start();
    token = keyfob.user("alice", "acme").sign();
    enrolled = keyfob.enroll(token);
  }

  @AfterEach
  void closeKeyfob() {
    keyfob.close();
  }
}
