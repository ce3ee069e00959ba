package dev.keyfob.service;

import java.util.Map;
import dev.keyfob.store.RecoveryCodeSet;
import dev.keyfob.store.TotpFactor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyfob.recovery.RecoveryCodeHasher;
import dev.keyfob.recovery.RecoveryCodes;
import dev.keyfob.store.UserState;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RecoveryCodeSetsTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void setsKeepWorkingAfterTheIterationSettingChanges() {
    RecoveryCodeSets.NewSet set = new RecoveryCodeSets(new RecoveryCodeHasher(1000), random)
        .create();
    assertEquals(1000, set.stored().iterations());
    UserState state = withSet(set, 1000);
    RecoveryCodeSets raised = new RecoveryCodeSets(new RecoveryCodeHasher(5000), random);
    String code = RecoveryCodes.normalize(set.codes().get(4)).orElseThrow();
    assertNotNull(RecoveryCodeSets.match(state.recoveryHashes(), raised.hashOf(state, code)));
  }

  @Test
  void wrongIterationCountFindsNothing() {
    RecoveryCodeSets.NewSet set = new RecoveryCodeSets(new RecoveryCodeHasher(1000), random)
        .create();
    UserState recordedWrongly = withSet(set, 2000);
    String code = RecoveryCodes.normalize(set.codes().get(0)).orElseThrow();
    assertNull(RecoveryCodeSets.match(recordedWrongly.recoveryHashes(),
        new RecoveryCodeSets(new RecoveryCodeHasher(1000), random).hashOf(recordedWrongly, code)));
  }

  @Test
  void codesAreShownGroupedAndStoredOnlyAsTenHashes() {
    RecoveryCodeSets.NewSet set = new RecoveryCodeSets(new RecoveryCodeHasher(1000), random)
        .create();
    assertEquals(10, set.codes().size());
    assertEquals(10, set.stored().hashes().size());
    set.codes().forEach(c -> assertEquals(19, c.length(), "xxxx-xxxx-xxxx-xxxx"));
    assertEquals(false, set.toString().contains(set.codes().get(0)));
  }

  private static UserState withSet(RecoveryCodeSets.NewSet set, int iterations) {
    return new UserState("u", 1, new TotpFactor(new byte[] {1}, null, null),
        new RecoveryCodeSet(set.stored().salt(), iterations, set.stored().hashes()), Map.of(),
        null, Map.of(), null, null, null);
  }
}
