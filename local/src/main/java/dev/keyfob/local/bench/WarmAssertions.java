package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.functions.WebAuthnHandler;
import dev.keyfob.local.DevTokenRequest;
import dev.keyfob.local.LocalApiServer;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.MutableClock;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warm WebAuthn assertion verification latency, in this JVM: {@code calls} calls of
 * {@code WebAuthnHandler.handleRequest} after a warm-up, fifty security-key users taking turns.
 * Each call's assertion is started through the API and signed by the user's software key first,
 * untimed; only the handler call is timed, only its AWS calls are counted, and each is followed
 * by the emulator's own round trips for its requests, as {@link WarmPhase} does for TOTP.
 *
 * <p>It runs on a table of its own. An assertion verification writes in one
 * {@code TransactWriteItems}, and moto copies the whole table for every item of a transaction,
 * so on the table the cold rounds and the TOTP phase have filled its round trips took seconds
 * and the API answered 503; keyfob's own share would have drowned in the emulator's.
 */
final class WarmAssertions {

  private static final int USERS = 50;

  private final Path template;
  private final URI awsEndpoint;
  private final int calls;
  private final String userPrefix;

  WarmAssertions(Path template, URI awsEndpoint, int calls, String userPrefix) {
    this.template = template;
    this.awsEndpoint = awsEndpoint;
    this.calls = calls;
    this.userPrefix = userPrefix;
  }

  /** Runs on {@code clock}, counting AWS calls with {@code counter}. */
  WarmSeries.Figures run(MutableClock clock, CallCounter counter) throws Exception {
    String table = ("keyfob-" + userPrefix + "assertions").replaceAll("[^A-Za-z0-9_.-]", "-");
    try (LocalApiServer api = LocalApiServer.builder().templatePath(template).port(0)
        .awsEndpoint(awsEndpoint).processEnvironment(Map.of())
        .environment(Map.of("KEYFOB_TABLE_NAME", table)).clock(clock).awsInterceptors(counter)
        .log(new PrintStream(OutputStream.nullOutputStream())).start()) {
      BenchClient client = new BenchClient(api.baseUri());
      String origin = api.settings().webauthnOrigins().get(0);
      List<BenchKeyUser> crowd = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        crowd.add(BenchKeyUser.register(client, userPrefix + "key-" + i, origin));
      }
      return WarmSeries.measure("warm assertion verify", api.app(), clock, counter, USERS,
          calls, new WebAuthnHandler(api.app()), i -> {
            BenchKeyUser next = crowd.get(i % USERS);
            String token = api.issueToken(DevTokenRequest.builder(next.userId, BenchClient.ORG,
                "member").amr("pwd").build());
            Map<String, Object> body = startAndSign(next, client, token);
            return ApiEvent.of("POST", BenchKeyUser.VERIFY_PATH, token,
                JSON.std.asString(body)).toJson();
          });
    }
  }

  /**
   * An assertion started and signed; a start the emulator was too slow for is started again
   * after a pause, up to three tries.
   */
  private static Map<String, Object> startAndSign(BenchKeyUser user, BenchClient client,
      String token) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return user.signedAssertion(client, token);
      } catch (BenchClient.Unavailable e) {
        if (attempt == 3) {
          throw e;
        }
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
