package dev.keyfob.local.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.keyfob.app.KeyfobApp;
import dev.keyfob.testkit.CallCounter;
import dev.keyfob.testkit.MutableClock;
import dev.keyfob.totp.Totp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One warm series, as both warm phases measure it: a crowd of {@code users} takes turns, the
 * clock moving one TOTP step per round of the crowd; after a warm-up of at least 200 calls,
 * {@code calls} calls of the handler are timed, each followed by the emulator's own round trips
 * for its very requests ({@link WarmPhase#replay}), with the AWS calls each made counted. A call
 * is what the Lambda runtime runs for a stream handler: the event JSON in, the response JSON out,
 * so the time includes keyfob's reading and writing of them.
 *
 * <p>A 503 means the emulator was slower than keyfob's AWS time limits (a loaded machine): it is
 * counted and its time kept. Any other answer but 200 is a broken bench and stops it, naming the
 * status only (a body could hold a token).
 */
final class WarmSeries {

  /**
   * The event JSON of the {@code i}-th call, built untimed; the clock has moved for its round.
   */
  interface Requests {
    String next(int i) throws Exception;
  }

  /**
   * Handler times, the emulator's own round trips for the same requests, AWS calls per call
   * (means over the measured calls), how many answered 503 and how many replayed calls ran out
   * of time.
   */
  record Figures(Stats times, Stats emulator, double dynamoPerCall, double kmsPerCall,
      int unavailable, int replayTimeouts) {}

  private WarmSeries() {}

  static Figures measure(String what, KeyfobApp app, MutableClock clock, CallCounter counter,
      int users, int calls,
      RequestStreamHandler handler, Requests requests) throws Exception {
    List<Double> times = new ArrayList<>();
    List<Double> replays = new ArrayList<>();
    long dynamo = 0;
    long kms = 0;
    int unavailable = 0;
    AtomicInteger replayTimeouts = new AtomicInteger();
    int warmUp = Math.max(200, calls / 5);
    for (int i = 0; i < warmUp + calls; i++) {
      if (i % users == 0) {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
      }
      byte[] event = requests.next(i).getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      counter.reset();
      long start = System.nanoTime();
      handler.handleRequest(new ByteArrayInputStream(event), out, null);
      double millis = (System.nanoTime() - start) / 1e6;
      Object status = JSON.std.mapFrom(out.toByteArray()).get("statusCode");
      if (Integer.valueOf(503).equals(status)) {
        unavailable++;
      } else if (!Integer.valueOf(200).equals(status)) {
        throw new IllegalStateException(what + " answered " + status);
      }
      long dynamoCalls = counter.total("DynamoDb");
      long kmsCalls = counter.total("Kms");
      double replay = WarmPhase.replay(app, counter.requests(), replayTimeouts);
      if (i >= warmUp) {
        times.add(millis);
        replays.add(replay);
        dynamo += dynamoCalls;
        kms += kmsCalls;
      }
    }
    return new Figures(Stats.of(times), Stats.of(replays), (double) dynamo / times.size(),
        (double) kms / times.size(), unavailable, replayTimeouts.get());
  }
}
