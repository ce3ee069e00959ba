package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Endpoints;

/** Organisation settings, Access Security: reading them and the 2FA and SSO toggles. */
public final class OrgSecurityHandler extends ApiGatewayHandler {

  /** Used by Lambda: builds everything from the environment, once per execution environment. */
  public OrgSecurityHandler() {
    this(KeyfobApp.fromEnvironment());
    onLambda();
  }

  /** Used by tests and the local API. */
  public OrgSecurityHandler(KeyfobApp app) {
    super(app, Endpoints::orgSecurity);
  }
}
