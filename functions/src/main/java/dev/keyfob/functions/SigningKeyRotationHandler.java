package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.keyfob.app.KeyfobApp;
import java.util.Map;

/**
 * The only writer of MFA-token signing keys. Invoked three ways:
 *
 * <ul>
 *   <li>by CloudFormation at deploy time, as the custom resource {@code FirstSigningKey}: on
 *       {@code Create} and {@code Update} it makes the first key unless one exists, on
 *       {@code Delete} it keeps every key; it answers CloudFormation through the event's
 *       response URL (see {@link CustomResourceResponse});
 *   <li>by its schedule, or by hand ({@code docs/operations.md}): it rotates the key. A new key
 *       signs from now on, the old one is retired but stays in the JWKS while tokens it signed
 *       can still be valid, so nobody is signed out.
 * </ul>
 */
public final class SigningKeyRotationHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final KeyfobApp app;
  private final CustomResourceResponse cloudFormation;

  public SigningKeyRotationHandler() {
    this(KeyfobApp.fromEnvironment());
  }

  public SigningKeyRotationHandler(KeyfobApp app) {
    this(app, new CustomResourceResponse());
  }

  SigningKeyRotationHandler(KeyfobApp app, CustomResourceResponse cloudFormation) {
    this.app = app;
    this.cloudFormation = cloudFormation;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    if (CustomResourceResponse.isCustomResourceEvent(input)) {
      return firstKeyForCloudFormation(input);
    }
    String kid = app.rotateSigningKey();
    log("signing key rotated", kid);
    return Map.of("activeKid", kid);
  }

  private Map<String, Object> firstKeyForCloudFormation(Map<String, Object> event) {
    String requestType = String.valueOf(event.get("RequestType"));
    try {
      if ("Delete".equals(requestType)) {
        // Keys outlive the stack's custom resource: tokens they signed may still be in use.
        cloudFormation.succeed(event, Map.of());
        return Map.of("status", "SUCCESS");
      }
      String kid = app.ensureFirstSigningKey();
      log("first signing key in place", kid);
      cloudFormation.succeed(event, Map.of("ActiveKid", kid));
      return Map.of("status", "SUCCESS", "activeKid", kid);
    } catch (RuntimeException e) {
      // CloudFormation waits for an answer: without one the stack hangs for an hour.
      cloudFormation.fail(event, "could not create the first signing key: "
          + e.getClass().getSimpleName());
      throw e;
    }
  }

  private static void log(String message, String kid) {
    System.out.println("{\"level\":\"INFO\",\"msg\":\"" + message + "\",\"activeKid\":\"" + kid
        + "\"}");
  }
}
