package dev.keyfob.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncryptionBindingTest {

  @ParameterizedTest(name = "purpose=[{0}] subject=[{1}]")
  @CsvSource(value = {"NULL,alice", "totp-secret,NULL", "'',alice", "totp-secret,''",
      "'  ',alice", "totp-secret,'\t'"}, nullValues = "NULL")
  void blankOrMissingPartsAreRejected(String purpose, String subject) {
    assertThrows(IllegalArgumentException.class, () -> new EncryptionBinding(purpose, subject));
  }

  @Test
  void overlongSubjectIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new EncryptionBinding("totp-secret", "a".repeat(EncryptionBinding.MAX_LENGTH + 1)));
  }

  @Test
  void encryptionContextCarriesPurposeAndSubject() {
    assertEquals(Map.of("keyfob:purpose", "totp-secret", "keyfob:subject", "alice"),
        new EncryptionBinding("totp-secret", "alice").encryptionContext());
  }

  @Test
  void associatedDataIsVersionThenLengthPrefixedUtf8Fields() {
    byte[] ad = new EncryptionBinding("p", "sü").associatedData();
    ByteBuffer expected = ByteBuffer.allocate(1 + 4 + 1 + 4 + 3)
        .put((byte) 1).putInt(1).put((byte) 'p').putInt(3)
        .put("sü".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(expected.array(), ad);
  }

  @Test
  void movingCharactersBetweenPurposeAndSubjectChangesTheAssociatedData() {
    assertFalse(Arrays.equals(new EncryptionBinding("ab", "c").associatedData(),
        new EncryptionBinding("a", "bc").associatedData()));
  }
}
