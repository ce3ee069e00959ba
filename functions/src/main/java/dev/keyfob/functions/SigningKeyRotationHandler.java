package dev.keyfob.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
 *       can still be valid, so nobody is signed out. The schedule's event ({@code template.yaml},
 *       sample in {@code events/scheduled-rotation.json}) is logged as
 *       {@code "trigger":"schedule"} with its scheduled time and execution id, anything else
 *       (the {@code {}} of a manual invoke) as {@code "trigger":"manual"}.
 * </ul>
 */
public final class SigningKeyRotationHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

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
    log("signing key rotated", kid, trigger(input == null ? Map.of() : input));
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
      log("first signing key in place", kid, Map.of());
      cloudFormation.succeed(event, Map.of("ActiveKid", kid));
      return Map.of("status", "SUCCESS", "activeKid", kid);
    } catch (RuntimeException e) {
      // CloudFormation waits for an answer: without one the stack hangs for an hour.
      cloudFormation.fail(event, "could not create the first signing key: "
          + e.getClass().getSimpleName());
      throw e;
    }
  }

  /** What started a rotation; only values of the expected shape, since anyone may invoke it. */
  private static Map<String, Object> trigger(Map<String, Object> input) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (!"schedule".equals(input.get("trigger"))) {
      fields.put("trigger", "manual");
      return fields;
    }
    fields.put("trigger", "schedule");
    if (input.get("scheduledTime") instanceof String time) {
      try {
        fields.put("scheduledTime", Instant.parse(time).toString());
      } catch (DateTimeParseException notATime) {
        // left out
      }
    }
    if (input.get("executionId") instanceof String id && EXECUTION_ID.matcher(id).matches()) {
      fields.put("executionId", id);
    }
    return fields;
  }

  private static void log(String message, String kid, Map<String, Object> extra) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "INFO");
    line.put("msg", message);
    line.put("activeKid", kid);
    line.putAll(extra);
    System.out.println(Json.write(line));
  }
}
