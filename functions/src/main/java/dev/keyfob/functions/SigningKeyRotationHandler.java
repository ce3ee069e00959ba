package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.token.SigningKeys;
import java.util.Map;

/**
 * Rotates the MFA token signing key: a new active key signs from now on, the old one is retired
 * but stays in the JWKS while tokens it signed can still be valid, so nobody is signed out.
 * Runs on a schedule and can be invoked by hand ({@code docs/operations.md}); the input is
 * ignored.
 */
public final class SigningKeyRotationHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final SigningKeys keys;

  public SigningKeyRotationHandler() {
    this(KeyfobApp.fromEnvironment());
  }

  public SigningKeyRotationHandler(KeyfobApp app) {
    this.keys = app.signingKeys();
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    String kid = keys.rotate();
    System.out.println("{\"level\":\"INFO\",\"msg\":\"signing key rotated\",\"activeKid\":\""
        + kid + "\"}");
    return Map.of("activeKid", kid);
  }
}
