package dev.keyfob.local.bench;

import dev.keyfob.app.KeyfobApp;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.functions.VerificationHandler;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.local.DevTokenRequest;
import dev.keyfob.local.LocalApiServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

/**
 * Warm verification latency, in this JVM: {@code calls} calls of
 * {@code VerificationHandler.handleRequest} after a warm-up, fifty users taking turns on a clock
 * moved one TOTP step per round, each followed by the emulator's own round trips for its very
 * requests. Also counts AWS calls per verification and per token signature. Then as many
 * WebAuthn assertion verifications ({@link WarmAssertions}).
 */
final class WarmPhase {

  /** Users of the warm phase; each gets one verification per TOTP step. */
  private static final int USERS = 50;

  private final Path template;
  private final URI awsEndpoint;
  private final int calls;
  private final String userPrefix;

  WarmPhase(Path template, URI awsEndpoint, int calls, String userPrefix) {
    this.template = template;
    this.awsEndpoint = awsEndpoint;
    this.calls = calls;
    this.userPrefix = userPrefix;
  }

  /** Figures of one warm phase. */
  record Result(Stats verify, Stats emulator, double dynamoPerVerify, double kmsPerVerify,
      double kmsPerSign, int unavailable, int replayTimeouts, WarmSeries.Figures assertions) {

    /** The JSON line's warm figures. */
    Map<String, Object> toJson() {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("warmVerifyP50Ms", Report.round(verify.median()));
      r.put("warmVerifyP99Ms", Report.round(verify.percentile(99)));
      r.put("warmVerifyMinMs", Report.round(verify.min()));
      r.put("warmVerifyMaxMs", Report.round(verify.max()));
      r.put("emulatorRoundTripsP50Ms", Report.round(emulator.median()));
      r.put("emulatorRoundTripsP99Ms", Report.round(emulator.percentile(99)));
      r.put("warmOverEmulatorP99Ms",
          Report.round(verify.percentile(99) - emulator.percentile(99)));
      r.put("dynamodbCallsPerVerify", dynamoPerVerify);
      r.put("kmsCallsPerVerify", kmsPerVerify);
      r.put("kmsCallsPerSign", kmsPerSign);
      r.put("warmUnavailable", unavailable);
      r.put("emulatorReplayTimeouts", replayTimeouts);
      r.put("warmAssertionVerifyP50Ms", Report.round(assertions.times().median()));
      r.put("warmAssertionVerifyP99Ms", Report.round(assertions.times().percentile(99)));
      r.put("warmAssertionVerifyMinMs", Report.round(assertions.times().min()));
      r.put("warmAssertionVerifyMaxMs", Report.round(assertions.times().max()));
      r.put("assertionEmulatorRoundTripsP50Ms", Report.round(assertions.emulator().median()));
      r.put("assertionEmulatorRoundTripsP99Ms",
          Report.round(assertions.emulator().percentile(99)));
      r.put("assertionVerifyDynamodbCalls", assertions.dynamoPerCall());
      r.put("assertionVerifyKmsCalls", assertions.kmsPerCall());
      r.put("warmAssertionVerifyUnavailable", assertions.unavailable());
      r.put("assertionEmulatorReplayTimeouts", assertions.replayTimeouts());
      return r;
    }
  }

  Result run() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    CallCounter counter = new CallCounter();
    try (LocalApiServer api = LocalApiServer.builder().templatePath(template).port(0)
        .awsEndpoint(awsEndpoint).processEnvironment(Map.of()).clock(clock)
        .awsInterceptors(counter).log(new PrintStream(OutputStream.nullOutputStream())).start()) {
      KeyfobApp app = api.app();
      BenchClient client = new BenchClient(api.baseUri());
      // One TOTP step for the whole crowd per round: the clock moves 30 s only every USERS
      // calls, as it would for a crowd signing in, not 30 s per call (which would make the
      // signing-key pointer's 5-minute re-check look like part of every sign-in).
      List<BenchUser> crowd = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        crowd.add(BenchUser.enroll(client, userPrefix + i, clock));
      }
      WarmSeries.Figures verify = WarmSeries.measure("warm verify", app, clock, counter, USERS,
          calls, new VerificationHandler(app), i -> {
            BenchUser next = crowd.get(i % USERS);
            String token = api.issueToken(DevTokenRequest.builder(next.userId, BenchClient.ORG,
                "member").amr("pwd").build());
            return ApiEvent.of("POST", "/v1/me/two-factor/verify", token,
                "{\"code\":\"" + next.nextCode(clock) + "\"}").toJson();
          });
      counter.reset();
      BenchUser user = crowd.get(0);
      for (int i = 0; i < 100; i++) {
        app.mfaTokens().issue(app.tokenVerifier().verifyAuthorizationHeader("Bearer "
            + api.issueToken(DevTokenRequest.builder(user.userId, BenchClient.ORG, "member")
                .amr("pwd").build())), "otp", 1);
      }
      double kmsPerSign = counter.total("Kms") / 100.0;
      WarmSeries.Figures assertions = new WarmAssertions(template, awsEndpoint, calls,
          userPrefix).run(clock, counter);
      return new Result(verify.times(), verify.emulator(), verify.dynamoPerCall(),
          verify.kmsPerCall(), kmsPerSign, verify.unavailable(), verify.replayTimeouts(),
          assertions);
    }
  }

  /**
   * The emulator's own round trips for one verification: its very requests (consistent
   * BatchGetItem, KMS Decrypt, conditional UpdateItem, now and then the signing-key pointer's
   * GetItem) sent again straight through the SDK clients, right after it, so that load on a
   * shared machine falls on both series alike. The replayed UpdateItem fails its condition (the
   * step was just used), which costs the emulator the same evaluation. The same for an assertion
   * verification, whose replayed write fails because the assertion was just used up. A call
   * the emulator did not answer within the clients' time limits (a loaded machine) is counted in
   * {@code timeouts}, its wait kept in the time, and the replay goes on with the next call.
   */
  static double replay(KeyfobApp app, List<SdkRequest> requests, AtomicInteger timeouts) {
    var dynamo = app.storage().client();
    var kms = app.kms();
    long start = System.nanoTime();
    for (SdkRequest call : requests) {
      try {
        if (call instanceof BatchGetItemRequest r) {
          dynamo.batchGetItem(r);
        } else if (call instanceof GetItemRequest r) {
          dynamo.getItem(r);
        } else if (call instanceof UpdateItemRequest r) {
          dynamo.updateItem(r);
        } else if (call instanceof TransactWriteItemsRequest r) {
          dynamo.transactWriteItems(r);
        } else if (call instanceof DecryptRequest r) {
          kms.decrypt(r);
        } else {
          throw new IllegalStateException("a verification made an unexpected call: "
              + call.getClass().getSimpleName());
        }
      } catch (ConditionalCheckFailedException | TransactionCanceledException replayed) {
        // expected: the step was used by the verification being replayed
      } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException slow) {
        timeouts.incrementAndGet();
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }
}
