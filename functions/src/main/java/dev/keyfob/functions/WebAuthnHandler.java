package dev.keyfob.functions;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.http.Endpoints;

/**
 * Security keys and passkeys (WebAuthn): registration, credentials, assertions. Deployed from its
 * own artifact ({@code webauthn/target/keyfob-webauthn.jar}), the only one that holds the WebAuthn
 * library; the other functions never load it.
 */
public final class WebAuthnHandler extends ApiGatewayHandler {

  /** Used by Lambda: builds everything from the environment, once per execution environment. */
  public WebAuthnHandler() {
    this(KeyfobApp.fromEnvironment());
    onLambda();
  }

  /** Used by tests and the local API. */
  public WebAuthnHandler(KeyfobApp app) {
    super(app, Endpoints::webauthn);
    app.checkWebAuthnSettings();
  }
}
