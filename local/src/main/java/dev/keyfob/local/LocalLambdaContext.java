package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Lambda {@link Context} of one local invocation: the function's logical id as its name, the
 * request id as the AWS request id, time left before the function's {@code Timeout}, and a
 * logger that writes lines to a stream (stdout for the local API).
 *
 * <p>Thread-safe; one instance per invocation.
 */
public final class LocalLambdaContext implements Context {

  private final String functionName;
  private final String requestId;
  private final int memoryMb;
  private final long deadlineNanos;
  private final LambdaLogger logger;

  /**
   * @param function the function being invoked
   * @param requestId this invocation's id
   * @param log where {@link #getLogger()} writes
   */
  public LocalLambdaContext(FunctionDef function, String requestId, PrintStream log) {
    this.functionName = function.logicalId();
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.memoryMb = function.memoryMb();
    this.deadlineNanos = System.nanoTime() + function.timeoutSeconds() * 1_000_000_000L;
    this.logger = new StreamLogger(Objects.requireNonNull(log, "log"));
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:" + EventFactory.ACCOUNT_ID + ":function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  /** Milliseconds left before the function's timeout; negative once it has passed. */
  @Override
  public int getRemainingTimeInMillis() {
    return (int) ((deadlineNanos - System.nanoTime()) / 1_000_000L);
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  private static final class StreamLogger implements LambdaLogger {
    private final PrintStream out;

    StreamLogger(PrintStream out) {
      this.out = out;
    }

    @Override
    public void log(String message) {
      out.print(message);
      out.flush();
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  }
}
