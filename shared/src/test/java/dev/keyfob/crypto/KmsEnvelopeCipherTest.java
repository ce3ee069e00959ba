package dev.keyfob.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.testing.EmulatorClients;
import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.Emulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

@ExtendWith(AwsEmulator.class)
class KmsEnvelopeCipherTest {

  private static final byte[] SECRET =
      "JBSWY3DPEHPK3PXP-a-totp-secret!".getBytes(StandardCharsets.US_ASCII);
  private static final EncryptionBinding ALICE = new EncryptionBinding("totp-secret", "alice");

  private Emulator emulator;
  private CallCounter calls;
  private String keyId;
  private KmsEnvelopeCipher cipher;

  @BeforeEach
  void setUp(Emulator emulator) {
    this.emulator = emulator;
    this.calls = new CallCounter();
    this.keyId = emulator.newKmsKey();
    this.cipher = new KmsEnvelopeCipher(EmulatorClients.of(emulator, calls).kms(), keyId);
  }

  @Test
  void roundTripReturnsTheOriginalPlaintext() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    assertArrayEquals(SECRET, cipher.decrypt(envelope, ALICE));
  }

  @Test
  void roundTripOfAnEmptyPlaintextWorks() throws Exception {
    byte[] envelope = cipher.encrypt(new byte[0], ALICE);
    assertArrayEquals(new byte[0], cipher.decrypt(envelope, ALICE));
  }

  @Test
  void roundTripOfTheLargestPlaintextWorks() throws Exception {
    byte[] big = new byte[KmsEnvelopeCipher.MAX_PLAINTEXT_BYTES];
    Arrays.fill(big, (byte) 7);
    assertArrayEquals(big, cipher.decrypt(cipher.encrypt(big, ALICE), ALICE));
  }

  @Test
  void plaintextOverTheMaximumIsRefusedBeforeCallingKms() {
    byte[] tooBig = new byte[KmsEnvelopeCipher.MAX_PLAINTEXT_BYTES + 1];
    assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(tooBig, ALICE));
    assertEquals(0, calls.total("Kms"));
  }

  @Test
  void encryptingTheSameValueTwiceGivesUnrelatedEnvelopes() throws Exception {
    byte[] first = cipher.encrypt(SECRET, ALICE);
    byte[] second = cipher.encrypt(SECRET, ALICE);
    assertFalse(Arrays.equals(first, second));
    assertFalse(Arrays.equals(nonce(first), nonce(second)), "fresh nonce per envelope");
  }

  @Test
  void envelopeFollowsTheDocumentedLayout() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    ByteBuffer in = ByteBuffer.wrap(envelope);
    assertEquals(KmsEnvelopeCipher.VERSION, in.get());
    int keyLength = in.getShort() & 0xFFFF;
    assertTrue(keyLength > 0 && keyLength <= 6144);
    in.position(in.position() + keyLength);
    assertEquals(12, in.get());
    in.position(in.position() + 12);
    int sealed = in.getInt();
    assertEquals(SECRET.length + 16, sealed);
    assertEquals(sealed, in.remaining());
    assertFalse(containsSubsequence(envelope, SECRET), "plaintext must not appear in the envelope");
  }

  @ParameterizedTest(name = "xor 0x{0}")
  @ValueSource(ints = {0x01, 0x80})
  void flippingAnySingleByteOfTheEnvelopeIsRejected(int mask) throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    for (int i = 0; i < envelope.length; i++) {
      byte[] tampered = envelope.clone();
      tampered[i] ^= (byte) mask;
      try {
        byte[] result = cipher.decrypt(tampered, ALICE);
        fail("byte " + i + " of " + envelope.length + " flipped, yet decrypt returned "
            + result.length + " bytes");
      } catch (GeneralSecurityException expected) {
        assertShortMessage(expected);
      }
    }
  }

  @Test
  void everyTruncationIsRejectedWithoutCallingKms() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    calls.reset();
    for (int length = 0; length < envelope.length; length++) {
      byte[] truncated = Arrays.copyOf(envelope, length);
      GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
          () -> cipher.decrypt(truncated, ALICE), "truncated to " + length);
      assertShortMessage(e);
    }
    assertEquals(0, calls.total("Kms"), "a truncated envelope never reaches KMS");
  }

  @Test
  void trailingBytesAreRejectedWithoutCallingKms() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    calls.reset();
    byte[] longer = Arrays.copyOf(envelope, envelope.length + 1);
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(longer, ALICE));
    assertEquals(0, calls.total("Kms"));
  }

  @Test
  void absurdDataKeyLengthIsRejectedWithoutAllocatingOrCallingKms() {
    byte[] envelope = {KmsEnvelopeCipher.VERSION, (byte) 0xFF, (byte) 0xFF, 1, 2, 3};
    assertRejectedCheaply(envelope);
  }

  @Test
  void absurdCiphertextLengthIsRejectedWithoutAllocatingOrCallingKms() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    calls.reset();
    int lengthOffset = 1 + 2 + (((envelope[1] & 0xFF) << 8) | (envelope[2] & 0xFF)) + 1 + 12;
    for (int value : new int[] {0x7FFFFFFF, 0xFFFFFFFF, 0x00100000}) {
      byte[] tampered = envelope.clone();
      ByteBuffer.wrap(tampered).putInt(lengthOffset, value);
      assertRejectedCheaply(tampered);
    }
  }

  @Test
  void wrongNonceLengthIsRejectedWithoutCallingKms() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    calls.reset();
    int nonceLengthOffset = 1 + 2 + (((envelope[1] & 0xFF) << 8) | (envelope[2] & 0xFF));
    byte[] tampered = envelope.clone();
    tampered[nonceLengthOffset] = (byte) 0xFF;
    assertRejectedCheaply(tampered);
  }

  @Test
  void envelopeLongerThanTheMaximumIsRejectedWithoutCallingKms() {
    byte[] huge = new byte[KmsEnvelopeCipher.MAX_ENVELOPE_BYTES + 1];
    huge[0] = KmsEnvelopeCipher.VERSION;
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(huge, ALICE));
    assertEquals(0, calls.total("Kms"));
  }

  @Test
  void nullAndEmptyEnvelopesAreRejected() {
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(null, ALICE));
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(new byte[0], ALICE));
  }

  @Test
  void unknownVersionIsRejectedWithoutCallingKms() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    calls.reset();
    envelope[0] = 2;
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(envelope, ALICE));
    assertEquals("unsupported envelope version", e.getMessage());
    assertEquals(0, calls.total("Kms"));
  }

  @Test
  void ciphertextBoundToUserAFailsForUserB() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
        () -> cipher.decrypt(envelope, new EncryptionBinding("totp-secret", "bob")));
    assertFalse(e instanceof KeyServiceUnavailableException, "a refusal, not an outage");
  }

  @Test
  void ciphertextFailsForAnotherPurposeOfTheSameSubject() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    assertThrows(GeneralSecurityException.class,
        () -> cipher.decrypt(envelope, new EncryptionBinding("mfa-signing-key", "alice")));
  }

  @Test
  void envelopeMadeUnderAnotherKmsKeyIsRefused() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    KmsEnvelopeCipher other = new KmsEnvelopeCipher(emulator.kms(), emulator.newKmsKey());
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> other.decrypt(envelope, ALICE));
    assertFalse(e instanceof KeyServiceUnavailableException);
  }

  @Test
  void encryptMakesExactlyOneGenerateDataKeyCall() throws Exception {
    cipher.encrypt(SECRET, ALICE);
    assertEquals(1, calls.count("Kms", "GenerateDataKey"), calls.toString());
    assertEquals(1, calls.total("Kms"), calls.toString());
  }

  @Test
  void decryptMakesExactlyOneDecryptCall() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    calls.reset();
    cipher.decrypt(envelope, ALICE);
    assertEquals(1, calls.count("Kms", "Decrypt"), calls.toString());
    assertEquals(1, calls.total("Kms"), calls.toString());
  }

  @Test
  void kmsOnAClosedPortIsKeyServiceUnavailableForEncryptAndDecrypt() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    KmsClient unreachable = AwsClients.builder()
        .endpoint(URI.create("http://127.0.0.1:" + closedPort()))
        .region(Emulator.REGION)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
        .build()
        .kms();
    KmsEnvelopeCipher offline = new KmsEnvelopeCipher(unreachable, keyId);
    KeyServiceUnavailableException e = assertThrows(KeyServiceUnavailableException.class,
        () -> offline.encrypt(SECRET, ALICE));
    assertShortMessage(e);
    assertThrows(KeyServiceUnavailableException.class, () -> offline.decrypt(envelope, ALICE));
  }

  @Test
  void networkFailureBeforeTransmissionIsKeyServiceUnavailable() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    FailingTransport down =
        new FailingTransport("Kms", () -> SdkClientException.create("injected: connection reset"));
    KmsEnvelopeCipher failing =
        new KmsEnvelopeCipher(EmulatorClients.of(emulator, down).kms(), keyId);
    KeyServiceUnavailableException e = assertThrows(KeyServiceUnavailableException.class,
        () -> failing.decrypt(envelope, ALICE));
    assertInstanceOf(SdkClientException.class, e.getCause());
    assertThrows(KeyServiceUnavailableException.class, () -> failing.encrypt(SECRET, ALICE));
    down.enabled(false);
    assertArrayEquals(SECRET, failing.decrypt(envelope, ALICE), "works again once KMS is back");
  }

  @Test
  void throttlingFromKmsIsKeyServiceUnavailable() throws Exception {
    byte[] envelope = cipher.encrypt(SECRET, ALICE);
    FailingTransport throttled = new FailingTransport("Kms", () -> KmsException.builder()
        .statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
            .errorMessage("Rate exceeded").build())
        .build());
    KmsEnvelopeCipher failing =
        new KmsEnvelopeCipher(EmulatorClients.of(emulator, throttled).kms(), keyId);
    assertThrows(KeyServiceUnavailableException.class, () -> failing.decrypt(envelope, ALICE));
  }

  @Test
  void associatedDataDiffersBetweenBindings() {
    assertNotEquals(ByteBuffer.wrap(ALICE.associatedData()),
        ByteBuffer.wrap(new EncryptionBinding("totp-secret", "bob").associatedData()));
  }

  @Test
  void constructorRejectsABlankKeyId() {
    assertThrows(IllegalArgumentException.class, () -> new KmsEnvelopeCipher(emulator.kms(), " "));
    assertThrows(NullPointerException.class, () -> new KmsEnvelopeCipher(null, keyId));
  }

  @Test
  void toStringNamesTheKeyButNothingSecret() {
    assertTrue(cipher.toString().contains(keyId));
  }

  // ---------------------------------------------------------------------------------------------

  private void assertRejectedCheaply(byte[] envelope) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    GeneralSecurityException e = null;
    try {
      cipher.decrypt(envelope, ALICE);
    } catch (GeneralSecurityException expected) {
      e = expected;
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    if (e == null) {
      fail("malformed envelope was accepted");
    }
    assertShortMessage(e);
    assertTrue(allocated < 256 * 1024, "rejecting allocated " + allocated + " bytes");
    assertEquals(0, calls.total("Kms"), "a malformed envelope never reaches KMS");
  }

  private static void assertShortMessage(GeneralSecurityException e) {
    String message = e.getMessage();
    assertTrue(message != null && message.length() <= 80, "short message: " + message);
    assertFalse(message.matches(".*[0-9a-fA-F]{16,}.*"), "no hex dump in: " + message);
  }

  private static byte[] nonce(byte[] envelope) {
    int keyLength = ((envelope[1] & 0xFF) << 8) | (envelope[2] & 0xFF);
    int start = 1 + 2 + keyLength + 1;
    return Arrays.copyOfRange(envelope, start, start + 12);
  }

  private static boolean containsSubsequence(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
