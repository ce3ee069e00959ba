package dev.keyfob.testkit.webauthn;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import java.util.Base64;

/** Encoders shared by the builders: the library's converters and base64url without padding. */
final class Encoding {
  static final ObjectConverter OBJECTS = new ObjectConverter();
  static final AttestationObjectConverter ATTESTATION_OBJECTS =
      new AttestationObjectConverter(OBJECTS);
  static final AuthenticatorDataConverter AUTHENTICATOR_DATA =
      new AuthenticatorDataConverter(OBJECTS);

  private Encoding() {}

  static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] fromBase64url(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  static String json(Object value) {
    return OBJECTS.getJsonMapper().writeValueAsString(value);
  }
}
