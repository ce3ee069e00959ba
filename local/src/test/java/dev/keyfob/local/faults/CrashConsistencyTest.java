package dev.keyfob.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import dev.keyfob.testkit.FaultProxy;
import dev.keyfob.testkit.TotpSteps;
import dev.keyfob.totp.Base32;
import dev.keyfob.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local API process is killed ({@code kill -9}) while its write of a method-change confirm,
 * an admin reset or a recovery-code sign-in is on its way to DynamoDB; the write is then either
 * delivered or lost. Restarted on the same data, the user has exactly one working factor state:
 * the old one or the new one, never neither and never both.
 *
 * <p>The tests run at the same time: each has its own proxy, local API process and users, and
 * most of their time is local APIs starting.
 */
@ExtendWith(AwsEmulator.class)
@Execution(ExecutionMode.CONCURRENT)
class CrashConsistencyTest {

  private FaultProxy proxy;
  private LocalApiProcess api;
  private Path log;
  private final Map<String, TotpSteps> steps = new HashMap<>();

  @BeforeEach
  void setUp(Emulator emulator) throws Exception {
    proxy = FaultProxy.start(emulator.endpoint());
    log = Files.createDirectories(Path.of("target", "crash")).resolve(
        "api-" + UUID.randomUUID() + ".log");
    api = LocalApiProcess.start(proxy.endpoint(), log);
  }

  @AfterEach
  void tearDown() throws Exception {
    api.close();
    proxy.close();
  }

  @ParameterizedTest(name = "write delivered after the crash: {0}")
  @ValueSource(booleans = {true, false})
  void crashDuringMethodChangeConfirmLeavesOldOrNewFactorNeverBoth(boolean delivered)
      throws Exception {
    String user = "mc-" + delivered;
    Enrollment enrolled = enrollment(user);
    byte[] old = enrolled.secret();
    // A recovery code gives the recent MFA a method change needs without using a TOTP step.
    String mfa = api.post("/v1/me/two-factor/recover", token(user),
        Map.of("recoveryCode", enrolled.codes().get(0))).string("mfaToken");
    var started = api.post("/v1/me/two-factor/enrollment", mfa, Map.of());
    assertEquals(201, started.status(), started.body().toString());
    byte[] fresh = Base32.decode(started.string("secret"));
    String code = code(fresh);

    crashDuring("TransactWriteItems", delivered, () -> api.post(
        "/v1/me/two-factor/enrollment/confirm", token(user),
        Map.of("enrollmentId", started.string("enrollmentId"), "code", code)));

    boolean oldWorks = verifies(user, old);
    boolean newWorks = verifies(user, fresh);
    assertTrue(oldWorks != newWorks, "old works: " + oldWorks + ", new works: " + newWorks);
    assertEquals(delivered, newWorks);
  }

  @ParameterizedTest(name = "write delivered after the crash: {0}")
  @ValueSource(booleans = {true, false})
  void crashDuringAdminResetLeavesFactorWholeOrGone(boolean delivered) throws Exception {
    String user = "rs-" + delivered;
    byte[] secret = enroll(user);
    String admin = api.token("ada-" + delivered, "acme", "admin");
    api.get("/v1/me/two-factor", admin);

    crashDuring("TransactWriteItems", delivered, () -> api.post(
        "/v1/orgs/acme/two-factor/resets", admin,
        Map.of("userIds", List.of(user), "reason", "crash test")));

    var status = api.get("/v1/me/two-factor", token(user));
    boolean enrolled = (Boolean) status.body().get("enrolled");
    assertEquals(!delivered, enrolled);
    assertEquals(enrolled, verifies(user, secret), "a factor on record is one that works");
    if (!enrolled) {
      var restart = api.post("/v1/me/two-factor/enrollment", token(user), Map.of());
      assertEquals(201, restart.status(), "a reset user can enroll afresh");
    }
  }

  @ParameterizedTest(name = "write delivered after the crash: {0}")
  @ValueSource(booleans = {true, false})
  void crashDuringRecoveryUsesTheCodeOrLeavesItWhole(boolean delivered) throws Exception {
    String user = "rc-" + delivered;
    List<String> codes = enrollForCodes(user);

    crashDuring("TransactWriteItems", delivered, () -> api.post(
        "/v1/me/two-factor/recover", token(user), Map.of("recoveryCode", codes.get(0))));

    var retry = api.post("/v1/me/two-factor/recover", token(user),
        Map.of("recoveryCode", codes.get(0)));
    assertEquals(delivered ? 401 : 200, retry.status(), retry.body().toString());
    var other = api.post("/v1/me/two-factor/recover", token(user),
        Map.of("recoveryCode", codes.get(1)));
    assertEquals(200, other.status());
    assertEquals(delivered ? 8 : 8, ((Number) other.body().get("recoveryCodesRemaining"))
        .intValue(), "exactly the codes used are gone");
  }

  /**
   * Sends a request, holds its write at the proxy, kills the API, then delivers or drops the
   * write and starts the API again on the same data.
   */
  private void crashDuring(String operation, boolean deliver, Request request) throws Exception {
    FaultProxy.Hold hold = proxy.hold(operation);
    CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> {
      try {
        request.send();
      } catch (Exception expectedWhenKilled) {
        // the connection dies with the process
      }
    });
    assertTrue(hold.awaitArrival(30), "the write reached the proxy");
    api.kill();
    if (deliver) {
      hold.release();
    } else {
      hold.drop();
    }
    inFlight.join();
    Thread.sleep(200);
    api = LocalApiProcess.start(proxy.endpoint(), log);
  }

  private byte[] enroll(String user) throws Exception {
    return enrollment(user).secret;
  }

  private List<String> enrollForCodes(String user) throws Exception {
    return enrollment(user).codes;
  }

  @SuppressWarnings("unchecked")
  private Enrollment enrollment(String user) throws Exception {
    String token = token(user);
    var started = api.post("/v1/me/two-factor/enrollment", token, Map.of());
    byte[] secret = Base32.decode(started.string("secret"));
    var confirmed = api.post("/v1/me/two-factor/enrollment/confirm", token,
        Map.of("enrollmentId", started.string("enrollmentId"), "code", code(secret)));
    assertEquals(200, confirmed.status(), confirmed.body().toString());
    return new Enrollment(secret, (List<String>) confirmed.body().get("recoveryCodes"));
  }

  private boolean verifies(String user, byte[] secret) throws Exception {
    var r = api.post("/v1/me/two-factor/verify", token(user), Map.of("code", code(secret)));
    assertTrue(r.status() == 200 || r.status() == 401 || r.status() == 409, r.body().toString());
    return r.status() == 200;
  }

  private String token(String user) throws Exception {
    return api.token(user, "acme", "member");
  }

  /**
   * A code of a step this secret has not used yet (waiting for the clock when needed), lasting
   * a whole step so it outlives a crash and a restart of the local API.
   */
  private String code(byte[] secret) {
    TotpSteps secretSteps = steps.computeIfAbsent(Base32.encode(secret),
        k -> new TotpSteps(Clock.systemUTC(), Duration.ofSeconds(TotpSteps.STEP_SECONDS)));
    return Totp.generate(secret, secretSteps.next(), Totp.ALGORITHM, Totp.DIGITS);
  }

  private record Enrollment(byte[] secret, List<String> codes) {}

  @FunctionalInterface
  private interface Request {
    void send() throws Exception;
  }
}
