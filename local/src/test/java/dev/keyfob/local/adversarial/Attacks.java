package dev.keyfob.local.adversarial;

import static dev.keyfob.local.contract.ContractAssertions.assertProblem;

import dev.keyfob.local.contract.Reply;
import dev.keyfob.local.contract.Sandbox;
import java.util.Map;
import java.util.function.Supplier;

/** Assertions shared by the attack classes: the exact problem, and nothing changed. */
final class Attacks {

  private Attacks() {}

  /**
   * Runs the attack, asserts the exact status and problem code, and that every item of the
   * sandbox's table is as it was.
   */
  static Map<String, Object> refused(Sandbox sandbox, int status, String code,
      Supplier<Reply> attack) {
    Reply reply = sandbox.unchanged(attack);
    return assertProblem(reply, status, code);
  }
}
