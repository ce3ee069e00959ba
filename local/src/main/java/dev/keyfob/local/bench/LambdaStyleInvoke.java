package dev.keyfob.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.local.RuntimeSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * <p>As the runtime does (its {@code EventHandlerLoader}): a {@link RequestStreamHandler}, as
 * keyfob's functions are, gets the file's bytes and what it writes is the response, and nothing
 * of the runtime's serializer is loaded; a {@code RequestHandler<APIGatewayV2HTTPEvent, ...>} (an
 * older build, for {@code --compare-jar}) gets the event read by the runtime's serializer
 * ({@link RuntimeSerializer}), which also writes its response. That path is in a class of its own
 * ({@link Pojo}), so a stream handler's sample never loads or verifies it.
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
    Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    byte[] answer;
    if (handler instanceof RequestStreamHandler stream) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      stream.handleRequest(new ByteArrayInputStream(event), out, null);
      answer = out.toByteArray();
    } else {
      answer = Pojo.invoke(handler, event);
    }
    response.println(new String(answer, StandardCharsets.UTF_8));
    response.flush();
    if (args.length > 2 && args[2].equals("--hold")) {
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    System.exit(0);
  }

  /** A handler of API Gateway event objects, behind the runtime's serializer both ways. */
  static final class Pojo {

    private Pojo() {}

    @SuppressWarnings("unchecked")
    static byte[] invoke(Object handler, byte[] event) {
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> pojo =
          (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
      APIGatewayV2HTTPEvent input = RuntimeSerializer.fromJson(
          new String(event, StandardCharsets.UTF_8), APIGatewayV2HTTPEvent.class);
      return RuntimeSerializer.toJson(pojo.handleRequest(input, null))
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
