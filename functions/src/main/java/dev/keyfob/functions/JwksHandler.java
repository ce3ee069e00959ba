package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Endpoints;

/** The public keys of MFA tokens. The HTTP API's $default route also lands here, answering 404 or 405 for requests no route matched. */
public final class JwksHandler extends ApiGatewayHandler {

  /** Used by Lambda: builds everything from the environment, once per execution environment. */
  public JwksHandler() {
    this(KeyfobApp.fromEnvironment());
    onLambda();
  }

  /** Used by tests and the local API. */
  public JwksHandler(KeyfobApp app) {
    super(app, Endpoints::publicKeys);
  }
}
