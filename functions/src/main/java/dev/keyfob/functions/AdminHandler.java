package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Endpoints;

/** The admin 2FA tab and support: member list, bulk resets, support resets and the audit trail. */
public final class AdminHandler extends ApiGatewayHandler {

  /** Used by Lambda: builds everything from the environment, once per execution environment. */
  public AdminHandler() {
    this(KeyfobApp.fromEnvironment());
    onLambda();
  }

  /** Used by tests and the local API. */
  public AdminHandler(KeyfobApp app) {
    super(app, Endpoints::admin);
  }
}
