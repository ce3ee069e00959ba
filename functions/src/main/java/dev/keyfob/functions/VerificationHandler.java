package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Endpoints;

/** The second factor at sign-in: TOTP verification and recovery codes. */
public final class VerificationHandler extends ApiGatewayHandler {

  /** Used by Lambda: builds everything from the environment, once per execution environment. */
  public VerificationHandler() {
    this(KeyfobApp.fromEnvironment());
    onLambda();
  }

  /** Used by tests and the local API. */
  public VerificationHandler(KeyfobApp app) {
    super(app, Endpoints::verification);
  }
}
