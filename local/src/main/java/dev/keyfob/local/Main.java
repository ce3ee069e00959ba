package dev.keyfob.local;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Command line of the local API ({@code java -jar keyfob-local.jar ...}):
 *
 * <pre>
 * serve  [--port N] [--template FILE] [--web-root DIR]
 *     The local API (default command). Port from KEYFOB_LOCAL_PORT (default 3000), template
 *     from KEYFOB_TEMPLATE (default ./template.yaml), web app from KEYFOB_WEB_ROOT (default
 *     ./web), emulator from AWS_ENDPOINT_URL (default: starts moto_server). Prints
 *     "keyfob local API listening on http://localhost:PORT" once serving; stops on SIGINT/SIGTERM.
 * invoke [--template FILE] [--create-resources] FUNCTION_LOGICAL_ID EVENT_JSON|-
 *     Runs one function once with an event, like "sam local invoke -e": an API Gateway v2 event,
 *     or any JSON object for a function that takes one (SigningKeyRotationFunction); prints the
 *     response JSON on stdout (logs go to stderr).
 * </pre>
 *
 * <p>Exit status: 0 on success, 2 for bad arguments, 1 when start-up or the handler fails.
 * The two commands live in their own classes so that {@code invoke} loads nothing of the
 * server.
 */
public final class Main {

  /** Exit status for bad arguments or input files. */
  static final int USAGE = 2;

  /** Exit status when start-up or the function fails. */
  static final int FAILED = 1;

  static final String USAGE_TEXT = String.join(System.lineSeparator(),
      "usage: keyfob-local [serve] [--port N] [--template FILE] [--web-root DIR]",
      "       keyfob-local invoke [--template FILE] [--create-resources] FUNCTION_ID EVENT_JSON|-",
      "",
      "serve   the local API; env: KEYFOB_LOCAL_PORT (3000), KEYFOB_TEMPLATE (./template.yaml),",
      "        KEYFOB_WEB_ROOT (./web), AWS_ENDPOINT_URL (unset: start moto_server), KEYFOB_*",
      "invoke  run one function once with an event file (an API Gateway v2 event, or a JSON",
      "        object for a function of Map such as SigningKeyRotationFunction) and print the",
      "        response; with AWS_ENDPOINT_URL it expects the table and key to exist (add",
      "        --create-resources to create them); without it, it starts moto_server and",
      "        creates them");

  private Main() {}

  /** Entry point; exits with the command's status. */
  public static void main(String[] args) {
    String command = args.length == 0 || args[0].startsWith("-") ? "serve" : args[0];
    String[] rest = args.length == 0 || args[0].startsWith("-")
        ? args : Arrays.copyOfRange(args, 1, args.length);
    int status;
    switch (command) {
      case "serve":
        status = new ServeCommand(System.getenv(), System.out, System.err).run(rest);
        break;
      case "invoke": {
        // Keep stdout for the response JSON alone: whatever the handler prints goes to stderr.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        status = new InvokeCommand(System.getenv(), stdout, System.err).run(rest);
        stdout.flush();
        break;
      }
      case "help":
        System.out.println(USAGE_TEXT);
        status = 0;
        break;
      default:
        System.err.println("unknown command: " + command);
        System.err.println(USAGE_TEXT);
        status = USAGE;
    }
    System.exit(status);
  }
}
