package dev.keyfob.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testing.TestKeyfob;
import dev.keyfob.testing.TestKeyfob.Enrolled;
import dev.keyfob.testing.TestKeyfob.Response;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.totp.Base32;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the table holds of a user's secrets, read item by item on the emulator: a TOTP secret
 * only as a KMS envelope, recovery codes only as hashes; and neither in the request log. (The
 * enrollment and recovery rules themselves run on the fakes.)
 */
@ExtendWith(AwsEmulator.class)
class SecretsAtRestTest {

  private static final String START = "/v1/me/two-factor/enrollment";
  private static final String RECOVER = "/v1/me/two-factor/recover";
  private TestKeyfob keyfob;
  private String token;

  @BeforeEach
  void setUp(Emulator emulator) {
    keyfob = TestKeyfob.start(emulator);
    token = keyfob.user("alice", "acme").email("alice smith:ops@example.com").sign();
  }

  @AfterEach
  void tearDown() {
    keyfob.close();
  }

  @Test
  void secretIsNeverStoredInTheClearNorLogged() {
    Response started = keyfob.post(START, token, Map.of());
    String secret = started.string("secret");
    var items = keyfob.app.storage().client().scan(b -> b.tableName(keyfob.table)).items();
    byte[] raw = Base32.decode(secret);
    for (var item : items) {
      for (var value : item.values()) {
        if (value.b() != null) {
          assertFalse(indexOf(value.b().asByteArray(), raw) >= 0, "raw secret in an item");
        }
        if (value.s() != null) {
          assertFalse(value.s().contains(secret), "base32 secret in an item");
        }
      }
    }
    assertFalse(keyfob.logs().contains(secret));
  }

  @Test
  void codesAreStoredOnlyAsHashesAndNeverLogged() {
    Enrolled enrolled = keyfob.enroll(token);
    var items = keyfob.app.storage().client().scan(b -> b.tableName(keyfob.table)).items();
    for (String code : enrolled.recoveryCodes()) {
      String compact = code.replace("-", "");
      for (var item : items) {
        assertFalse(item.toString().contains(compact));
        assertFalse(item.toString().contains(code));
      }
      assertFalse(keyfob.logs().contains(compact));
    }
    keyfob.post(RECOVER, token, Map.of("recoveryCode", enrolled.recoveryCodes().get(0)));
    assertTrue(keyfob.app.orgs().auditEvents("acme", 10, null).items().stream()
        .noneMatch(e -> e.details().toString().contains(enrolled.recoveryCodes().get(0))));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
