package dev.keyfob.app;

import dev.keyfob.aws.AwsClients;
import dev.keyfob.config.KeyfobSettings;
import java.time.Clock;
import java.util.Objects;

/**
 * The composition root: settings, AWS clients and clock, from which every repository, service and
 * verifier is built once and shared. One instance per execution environment (or per local API).
 *
 * <p>Thread-safe. Collaborators are created lazily so that a function only pays for what its
 * routes use.
 */
public final class KeyfobApp {

  private final KeyfobSettings settings;
  private final AwsClients clients;
  private final Clock clock;

  public KeyfobApp(KeyfobSettings settings, AwsClients clients, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Everything from the process environment, as on Lambda. */
  public static KeyfobApp fromEnvironment() {
    return new KeyfobApp(KeyfobSettings.fromEnvironment(System.getenv()),
        AwsClients.fromEnvironment(), Clock.systemUTC());
  }

  public KeyfobSettings settings() {
    return settings;
  }

  public AwsClients clients() {
    return clients;
  }

  public Clock clock() {
    return clock;
  }
}
