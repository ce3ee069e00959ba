package dev.keyfob.testkit;

import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 extension that provides a real AWS emulator for DynamoDB and KMS.
 *
 * <p>In order of preference: {@code AWS_ENDPOINT_URL} when set; LocalStack through Testcontainers
 * when the system property {@code keyfob.emulator=localstack} is set (the {@code localstack}
 * Maven profile), skipped with a message when no Docker engine is present; otherwise a
 * {@code moto_server} process on a free loopback port, started once for the test JVM and stopped
 * when it ends. Test methods and constructors may declare an {@link Emulator} parameter.
 */
public final class AwsEmulator implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    shared();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Emulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared();
  }

  private static Holder jvmWide;

  /**
   * The JVM-wide emulator, started on first use and stopped when the JVM exits, for this
   * extension and for fixtures that start outside one. Not kept in JUnit's root store: surefire
   * runs each test class of a fork as a JUnit run of its own, and one emulator per class cost a
   * process start each. Every test makes its own tables and keys.
   */
  public static Emulator shared() {
    return usable(jvmWideHolder());
  }

  private static synchronized Holder jvmWideHolder() {
    if (jvmWide == null) {
      Holder started = Holder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (Exception e) {
          System.err.println("[keyfob-tests] stopping the emulator: " + e);
        }
      }, "aws-emulator-stop"));
      jvmWide = started;
    }
    return jvmWide;
  }

  private static Emulator usable(Holder holder) {
    if (holder.skipReason != null) {
      throw new TestAbortedException(holder.skipReason);
    }
    return holder.emulator;
  }

  /** The JVM's emulator and what was started for it, stopped at exit. */
  static final class Holder implements AutoCloseable {
    final Emulator emulator;
    final AutoCloseable owned;
    final String skipReason;

    private Holder(Emulator emulator, AutoCloseable owned, String skipReason) {
      this.emulator = emulator;
      this.owned = owned;
      this.skipReason = skipReason;
    }

    static Holder start() {
      String configured = System.getenv("AWS_ENDPOINT_URL");
      if (configured != null && !configured.isBlank()) {
        Emulator e = new Emulator(URI.create(configured), "AWS_ENDPOINT_URL " + configured);
        announce(e);
        return new Holder(e, null, null);
      }
      if ("localstack".equals(System.getProperty("keyfob.emulator"))) {
        return LocalStackEmulator.start();
      }
      if (!MotoServer.installed()) {
        throw new IllegalStateException("moto_server is not on the PATH and AWS_ENDPOINT_URL is"
            + " not set; run scripts/test, which installs it, or pip install 'moto[server]'");
      }
      MotoServer moto = MotoServer.start();
      Emulator e = new Emulator(moto.endpoint(), "moto_server at " + moto.endpoint());
      announce(e);
      return new Holder(e, moto, null);
    }

    static Holder skipped(String reason) {
      System.out.println("[keyfob-tests] " + reason);
      return new Holder(null, null, reason);
    }

    static Holder owning(Emulator e, AutoCloseable owned) {
      announce(e);
      return new Holder(e, owned, null);
    }

    private static void announce(Emulator e) {
      System.out.println("[keyfob-tests] AWS emulator in use: " + e.description());
    }

    @Override
    public void close() throws Exception {
      if (owned != null) {
        owned.close();
      }
    }
  }
}
