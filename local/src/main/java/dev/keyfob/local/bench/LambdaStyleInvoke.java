package dev.keyfob.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.local.RuntimeSerializer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of one cold sample: does what the Lambda Java runtime does for the first request
 * of a new execution environment, and nothing more. It constructs the handler class through its
 * no-arg constructor (so the function builds everything from the environment, with
 * {@code AwsClients.fromEnvironment()}, and starts its warm-up, exactly as on Lambda), reads the
 * event file, calls {@code handleRequest} and prints the response JSON as the first line of
 * stdout. Function logs go to stderr.
 *
 * <p>Usage: {@code LambdaStyleInvoke HANDLER_CLASS EVENT_FILE [--hold]}; with {@code --hold} the
 * process stays alive after the response until stdin closes, so the bench can read its
 * counters.
 */
public final class LambdaStyleInvoke {

  private LambdaStyleInvoke() {}

  public static void main(String[] args) throws Exception {
    PrintStream response = System.out;
    System.setOut(System.err);
    @SuppressWarnings("unchecked")
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
            Class.forName(args[0]).getDeclaredConstructor().newInstance();
    APIGatewayV2HTTPEvent event = RuntimeSerializer.fromJson(
        Files.readString(Path.of(args[1]), StandardCharsets.UTF_8), APIGatewayV2HTTPEvent.class);
    response.println(RuntimeSerializer.toJson(handler.handleRequest(event, null)));
    response.flush();
    if (args.length > 2 && args[2].equals("--hold")) {
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    System.exit(0);
  }
}
