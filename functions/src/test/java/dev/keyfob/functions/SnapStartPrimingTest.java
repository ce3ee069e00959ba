package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.http.Route;
import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.Emulator;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SnapStart hooks: priming runs every route of a function on throwaway inputs without
 * changing stored state, no decrypted signing key is ever loaded before the snapshot, and after
 * restore the warm-up loads it again.
 */
@ExtendWith(AwsEmulator.class)
class SnapStartPrimingTest {

  @Test
  void primingTouchesNoStateAndTheSnapshotHoldsNoDecryptedKey(Emulator emulator) throws Exception {
    CallCounter calls = new CallCounter();
    try (TestKeyfob keyfob = TestKeyfob.start(emulator, Map.of(), calls)) {
      keyfob.enroll(keyfob.user("alice", "acme").sign());
      VerificationHandler verification = new VerificationHandler(keyfob.app);
      EnrollmentHandler enrollment = new EnrollmentHandler(keyfob.app);
      AdminHandler admin = new AdminHandler(keyfob.app);
      int itemsBefore = keyfob.app.storage().client().scan(b -> b.tableName(keyfob.table)).count();

      keyfob.app.signingKeys().forgetCachedKeys();
      calls.reset();
      SnapStartPriming verificationHooks = null;
      for (ApiGatewayHandler handler : new ApiGatewayHandler[] {verification, enrollment, admin}) {
        SnapStartPriming hooks = SnapStartPriming.register(handler, keyfob.app,
            handler.routes(), true);
        hooks.beforeCheckpoint(null);
        verificationHooks = verificationHooks == null ? hooks : verificationHooks;
      }
      assertEquals(itemsBefore,
          keyfob.app.storage().client().scan(b -> b.tableName(keyfob.table)).count(),
          "priming wrote nothing");
      assertEquals(0, calls.total("Kms"), "nothing was decrypted before the snapshot, not even"
          + " by the warm-up of a function that signs: " + calls.calls());
      assertTrue(keyfob.app.signingKeys().toString().contains("(not loaded)"));

      calls.reset();
      verificationHooks.afterRestore(null);
      Warmup after = verification.prepare();
      after.await(10_000);
      assertTrue(calls.total("Kms") >= 1,
          "after restore the signing key is decrypted again: " + calls.calls());
      assertEquals(EnumSet.of(Route.VERIFY, Route.RECOVER, Route.DEVICE_SIGN_IN),
          verification.routes());
    }
  }
}
