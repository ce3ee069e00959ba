package dev.keyfob.webauthn.webauthn4j;

import static dev.keyfob.webauthn.webauthn4j.Fixtures.CEREMONIES;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.ORIGIN;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.RP_ID;
import static dev.keyfob.webauthn.webauthn4j.Fixtures.parsed;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keyfob.testkit.webauthn.CredentialJson;
import dev.keyfob.testkit.webauthn.SoftwareAuthenticator;
import dev.keyfob.webauthn.InvalidAssertionException;
import dev.keyfob.webauthn.InvalidCredentialException;
import dev.keyfob.webauthn.NewCredential;
import dev.keyfob.webauthn.StoredCredential;
import dev.keyfob.webauthn.WebAuthnVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of good responses, seeded so a failure names its seed and replays: whatever
 * the mutation, the component answers with a result or a {@link WebAuthnVerificationException},
 * never another exception; and an assertion whose signed bytes were changed never passes.
 */
class MalformedInputFuzzTest {
  private static final int ROUNDS = 3000;
  private static final Set<String> SIGNED = Set.of("response.clientDataJSON",
      "response.authenticatorData", "response.signature");

  private static final byte[] CHALLENGE = Fixtures.challenge();
  private static final byte[] USER = Fixtures.random(32);
  private static CredentialJson registration;
  private static CredentialJson assertion;
  private static StoredCredential stored;

  @BeforeAll
  static void makeGoodResponses() throws Exception {
    SoftwareAuthenticator key = SoftwareAuthenticator.securityKey();
    registration = key.makeCredential(CHALLENGE, RP_ID, ORIGIN).userHandle(USER).build();
    NewCredential created = CEREMONIES.verifyRegistration(CHALLENGE, parsed(registration));
    stored = new StoredCredential(created.credentialId(), created.publicKeyCose(),
        created.signCount(), false);
    assertion = key.getAssertion(CHALLENGE, RP_ID, ORIGIN).build();
    CEREMONIES.verifyAssertion(CHALLENGE, parsed(assertion), USER, List.of(stored));
  }

  @Test
  void mutatedRegistrationsNeverEscapeAsUnexpectedExceptions() {
    for (int seed = 0; seed < ROUNDS; seed++) {
      Mutation mutation = mutate(parsed(registration), new Random(seed));
      try {
        CEREMONIES.verifyRegistration(CHALLENGE, mutation.input);
      } catch (InvalidCredentialException expected) {
        // a specific, checked failure is the point
      } catch (Throwable unexpected) {
        throw new AssertionError("seed " + seed + " (" + mutation.description + ") escaped",
            unexpected);
      }
    }
  }

  @Test
  void mutatedAssertionsNeverEscapeAndNeverPassWithChangedSignedBytes() {
    for (int seed = 0; seed < ROUNDS; seed++) {
      Mutation mutation = mutate(parsed(assertion), new Random(seed));
      try {
        CEREMONIES.verifyAssertion(CHALLENGE, mutation.input, USER, List.of(stored));
        if (mutation.changedSignedBytes) {
          fail("seed " + seed + " (" + mutation.description + ") passed with changed signed bytes");
        }
      } catch (InvalidAssertionException expected) {
        // a specific, checked failure is the point
      } catch (Throwable unexpected) {
        throw new AssertionError("seed " + seed + " (" + mutation.description + ") escaped",
            unexpected);
      }
    }
  }

  @Test
  void mutatedJsonTextNeverEscapes() {
    String[] texts = {registration.toJson(), assertion.toJson()};
    for (int seed = 0; seed < ROUNDS; seed++) {
      Random random = new Random(seed);
      StringBuilder text = new StringBuilder(texts[seed % 2]);
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits && text.length() > 0; i++) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, (char) (32 + random.nextInt(95)));
          default -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
        }
      }
      try {
        if (seed % 2 == 0) {
          CEREMONIES.verifyRegistration(CHALLENGE, text.toString());
        } else {
          CEREMONIES.verifyAssertion(CHALLENGE, text.toString(), USER, List.of(stored));
        }
      } catch (WebAuthnVerificationException expected) {
        // a specific, checked failure is the point
      } catch (Throwable unexpected) {
        throw new AssertionError("seed " + seed + " escaped on: " + text, unexpected);
      }
    }
  }

  /** One mutated input, what was done, and whether bytes covered by the signature changed. */
  private static final class Mutation {
    Object input;
    String description = "";
    boolean changedSignedBytes;
  }

  private static Mutation mutate(Map<String, Object> root, Random random) {
    Mutation mutation = new Mutation();
    mutation.input = root;
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      List<String> paths = new ArrayList<>();
      collectPaths(root, "", paths);
      if (paths.isEmpty()) {
        break;
      }
      String path = paths.get(random.nextInt(paths.size()));
      Object current = get(root, path);
      int kind = random.nextInt(current instanceof String ? 4 : 2);
      switch (kind) {
        case 0 -> {
          remove(root, path);
          mutation.description += " remove " + path;
        }
        case 1 -> {
          Object value = randomValue(random);
          put(root, path, value);
          mutation.description += " replace " + path + " with " + describe(value);
        }
        case 2 -> {
          String text = (String) current;
          byte[] bytes;
          try {
            bytes = Base64.getUrlDecoder().decode(text);
          } catch (IllegalArgumentException notBase64) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
          }
          byte[] changed = mutateBytes(bytes, random);
          put(root, path, Base64.getUrlEncoder().withoutPadding().encodeToString(changed));
          mutation.description += " bytes of " + path;
          if (SIGNED.contains(path) && !Arrays.equals(bytes, changed)) {
            mutation.changedSignedBytes = true;
          }
        }
        default -> {
          String text = (String) current;
          StringBuilder b = new StringBuilder(text);
          String odd = "=+/ .!\u00e9";
          b.insert(random.nextInt(text.length() + 1), odd.charAt(random.nextInt(odd.length())));
          put(root, path, b.toString());
          mutation.description += " char into " + path;
          if (SIGNED.contains(path)) {
            mutation.changedSignedBytes = true;
          }
        }
      }
    }
    return mutation;
  }

  private static byte[] mutateBytes(byte[] bytes, Random random) {
    byte[] out = bytes.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        if (out.length > 0) {
          out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> out = Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
      case 2 -> {
        out = Arrays.copyOf(out, out.length + 1 + random.nextInt(16));
        for (int i = bytes.length; i < out.length; i++) {
          out[i] = (byte) random.nextInt(256);
        }
      }
      case 3 -> {
        if (out.length > 0) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
      }
      default -> {
        out = new byte[random.nextInt(64)];
        random.nextBytes(out);
      }
    }
    return out;
  }

  private static Object randomValue(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> null;
      case 1 -> random.nextInt();
      case 2 -> random.nextBoolean();
      case 3 -> "";
      case 4 -> List.of("usb", 1);
      case 5 -> new LinkedHashMap<String, Object>();
      case 6 -> 1.5e300;
      default -> "A".repeat(1 + random.nextInt(5000));
    };
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    return text.length() > 20 ? text.substring(0, 20) + "..." : text;
  }

  @SuppressWarnings("unchecked")
  private static void collectPaths(Map<String, Object> map, String prefix, List<String> out) {
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String path = prefix + entry.getKey();
      out.add(path);
      if (entry.getValue() instanceof Map) {
        collectPaths((Map<String, Object>) entry.getValue(), path + ".", out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parentOf(Map<String, Object> root, String path) {
    String[] names = path.split("\\.");
    Map<String, Object> node = root;
    for (int i = 0; i < names.length - 1; i++) {
      node = (Map<String, Object>) node.get(names[i]);
    }
    return node;
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static Object get(Map<String, Object> root, String path) {
    return parentOf(root, path).get(leaf(path));
  }

  private static void put(Map<String, Object> root, String path, Object value) {
    parentOf(root, path).put(leaf(path), value);
  }

  private static void remove(Map<String, Object> root, String path) {
    parentOf(root, path).remove(leaf(path));
  }
}
