package dev.keyfob.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: runs the local API until the process is interrupted or terminated, then stops
 * the HTTP server and any {@code moto_server} it started (through a shutdown hook).
 *
 * <p>Not thread-safe; one use.
 */
final class ServeCommand {

  /** Port when neither {@code --port} nor {@code KEYFOB_LOCAL_PORT} is given. */
  static final int DEFAULT_PORT = 3000;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  ServeCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Serves until shutdown; returns only on bad arguments or a failed start. */
  int run(String[] args) {
    String port = value("KEYFOB_LOCAL_PORT", Integer.toString(DEFAULT_PORT));
    String template = value("KEYFOB_TEMPLATE", "template.yaml");
    String webRoot = value("KEYFOB_WEB_ROOT", null);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        out.println(Main.USAGE_TEXT);
        return 0;
      }
      if (i + 1 >= args.length || !(a.equals("--port") || a.equals("--template")
          || a.equals("--web-root"))) {
        err.println("serve: unexpected argument " + a);
        err.println(Main.USAGE_TEXT);
        return Main.USAGE;
      }
      String value = args[++i];
      switch (a) {
        case "--port" -> port = value;
        case "--template" -> template = value;
        default -> webRoot = value;
      }
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port.trim());
      if (portNumber < 0 || portNumber > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      err.println("serve: KEYFOB_LOCAL_PORT / --port must be a port number 0-65535, not " + port);
      return Main.USAGE;
    }
    Path templatePath = Path.of(template);
    if (!Files.isRegularFile(templatePath)) {
      err.println("serve: template " + templatePath.toAbsolutePath() + " not found (set"
          + " KEYFOB_TEMPLATE or --template)");
      return Main.USAGE;
    }
    Path web = null;
    if (webRoot != null) {
      web = Path.of(webRoot);
      if (!Files.isDirectory(web)) {
        err.println("serve: web root " + web.toAbsolutePath() + " is not a directory");
        return Main.USAGE;
      }
    } else if (Files.isDirectory(Path.of("web"))) {
      web = Path.of("web");
    } else {
      err.println("[keyfob-local] no ./web directory: serving the API only");
    }

    LocalApiServer.Builder builder = LocalApiServer.builder()
        .templatePath(templatePath)
        .webRoot(web)
        .port(portNumber);
    String endpoint = value("AWS_ENDPOINT_URL", null);
    if (endpoint != null) {
      builder.awsEndpoint(URI.create(endpoint.trim()));
    }
    LocalApiServer server;
    try {
      server = builder.start();
    } catch (RuntimeException e) {
      err.println("serve: could not start the local API: " + e.getMessage());
      return Main.FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "keyfob-local-shutdown"));
    out.println("keyfob local API listening on " + server.baseUri());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** An environment variable, or {@code fallback} when it is unset or blank. */
  private String value(String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
