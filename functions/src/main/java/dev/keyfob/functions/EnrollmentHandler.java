package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Endpoints;

/** Status, enrollment and personal settings: status, start and confirm enrollment, new recovery codes, removing 2FA. */
public final class EnrollmentHandler extends ApiGatewayHandler {

  /** Used by Lambda: builds everything from the environment, once per execution environment. */
  public EnrollmentHandler() {
    this(KeyfobApp.fromEnvironment());
    onLambda();
  }

  /** Used by tests and the local API. */
  public EnrollmentHandler(KeyfobApp app) {
    super(app, Endpoints::personal);
  }
}
