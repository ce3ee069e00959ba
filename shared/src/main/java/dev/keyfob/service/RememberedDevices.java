package dev.keyfob.service;

import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.policy.Caller;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.DeviceIndex;
import dev.keyfob.store.OrgSettings;
import dev.keyfob.store.RememberedDevice;
import dev.keyfob.store.UserState;
import dev.keyfob.token.IssuedToken;
import dev.keyfob.token.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Remember this device: a browser that passed the second factor may skip it for the days its
 * org allows. Every rule of the feature lives here: when a sign-in hands out a device token,
 * which devices a user keeps (at most {@value #MAX_PER_USER}, the oldest goes), when a presented
 * token stops working, and forgetting them all. A device token proves the browser, not the
 * person at it now, so the MFA token it buys is never recent MFA ({@link AccessPolicy}).
 */
public final class RememberedDevices {

  /** Most remembered devices one user keeps, across orgs. */
  public static final int MAX_PER_USER = 10;
  static final String TOKEN_PREFIX = "kfd_";
  private static final int TOKEN_BYTES = 32;
  private static final Pattern TOKEN_SHAPE = Pattern.compile("kfd_[A-Za-z0-9_-]{43}");

  private final AccountRepository accounts;
  private final TokenSigning signing;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final MembershipRecorder memberships;
  private final SecureRandom random;

  RememberedDevices(AccountRepository accounts, TokenSigning signing, AccessPolicy policy,
      AuditTrail audit, MembershipRecorder memberships, SecureRandom random) {
    this.accounts = accounts;
    this.signing = signing;
    this.policy = policy;
    this.audit = audit;
    this.memberships = memberships;
    this.random = random;
  }

  /**
   * The hash a presented device token is stored and looked up by, or null for a string that
   * cannot be a device token (then nothing is looked up, and the token is refused like an
   * unknown one).
   */
  public static String lookupHash(String presented) {
    if (presented == null || !TOKEN_SHAPE.matcher(presented).matches()) {
      return null;
    }
    return hash(presented);
  }

  /**
   * A sign-in's wish to remember the browser. Its token is drawn once, so a sign-in that decides
   * again after losing a race writes and hands out the same token.
   */
  DeviceRequest request(boolean rememberDevice) {
    return new DeviceRequest(rememberDevice);
  }

  /**
   * What a successful sign-in remembers, or null when the user did not ask or the org does not
   * allow it: a new device bound to the user, the org and {@code factorVersion}, and the user's
   * list of devices after it (expired ones and those of an older factor version dropped, then
   * the oldest until there is room).
   */
  Grant grant(Caller c, DeviceRequest request, long factorVersion) {
    int days = c.snapshot().org().rememberDeviceDays();
    if (!request.asked || days <= 0) {
      return null;
    }
    Instant now = c.now();
    String token = request.token();
    RememberedDevice device = new RememberedDevice(hash(token), c.userId(), c.orgId(),
        factorVersion, now, now.plus(Duration.ofDays(days)));
    DeviceIndex before = c.snapshot().state().devices();
    List<String> removed = new ArrayList<>();
    List<RememberedDevice> kept = new ArrayList<>();
    for (RememberedDevice d : before.devices().values()) {
      if (d.expiredAt(now) || d.factorVersion() != factorVersion) {
        removed.add(d.hash());
      } else {
        kept.add(d);
      }
    }
    // Oldest first (DeviceIndex keeps that order): make room for the new one.
    for (int i = 0; kept.size() - i >= MAX_PER_USER; i++) {
      removed.add(kept.get(i).hash());
    }
    return new Grant(new DeviceToken(token, device.expiresAt()), before.with(device, removed));
  }

  /**
   * {@code POST /v1/me/two-factor/device}: an identity-provider sign-in with a remembered
   * browser's token gets an MFA token whose {@code amr} says so. The caller must have been read
   * with the lookup of {@link #lookupHash}. A refused token is not counted towards a lock: it is
   * 256 random bits, not something to guess.
   */
  public IssuedToken signIn(Caller caller) {
    Principal p = caller.principal();
    if (p.mfa()) {
      throw new ProblemException(ProblemType.FORBIDDEN,
          "Use the sign-in token from your identity provider here, not an MFA token.");
    }
    memberships.recordIfNeeded(caller);
    if (p.exempt()) {
      throw Outcomes.ssoExempt();
    }
    UserState state = caller.snapshot().state();
    if (!state.hasFactor()) {
      throw Outcomes.notEnrolled();
    }
    if (!valid(caller, caller.snapshot().device())) {
      throw new ProblemException(ProblemType.INVALID_DEVICE_TOKEN,
          "This browser is no longer remembered. Verify with your second factor.");
    }
    return signing.start(p, Principal.AMR_REMEMBERED_DEVICE, state.factorVersion()).join();
  }

  /**
   * Whether the device (looked up by the presented token's hash under the caller's own
   * partition, so never another user's) still skips the second factor.
   */
  private static boolean valid(Caller c, RememberedDevice device) {
    if (device == null) {
      return false;
    }
    UserState state = c.snapshot().state();
    OrgSettings org = c.snapshot().org();
    Instant now = c.now();
    Instant forgottenAt = org.devicesForgottenAt();
    // The item is written and deleted together with the state's list of devices, so its
    // presence is the list's word too.
    return device.userId().equals(c.userId())
        && device.orgId().equals(c.orgId())
        && device.factorVersion() == state.factorVersion()
        && !device.expiredAt(now)
        && org.rememberDeviceDays() > 0
        && now.isBefore(device.createdAt().plus(Duration.ofDays(org.rememberDeviceDays())))
        && (forgottenAt == null || device.createdAt().isAfter(forgottenAt));
  }

  /** {@code DELETE /v1/me/two-factor/devices}: every remembered browser of the user, in every org. */
  public void forgetAll(Caller caller) {
    policy.requireTwoFactorSatisfied(caller);
    WriteOnce<Boolean> write = new WriteOnce<>();
    Conflicts.retryWrite(caller, accounts, write, c -> {
      UserState state = c.snapshot().state();
      var effects = c.membershipEffects().with(audit.event(c.orgId(),
          AuditEventType.DEVICES_FORGOTTEN, c.now(), c.userId(), c.userId(),
          Map.of("devices", Integer.toString(state.devices().size()))));
      accounts.replaceDevices(state, state.devices().cleared(), write.next(() -> true), effects);
      return true;
    });
  }

  private static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** See {@link #request}. Per request; not thread-safe. */
  final class DeviceRequest {
    private final boolean asked;
    private String token;

    private DeviceRequest(boolean asked) {
      this.asked = asked;
    }

    private String token() {
      if (token == null) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      return token;
    }
  }

  /**
   * A device a sign-in remembers: the token to hand out, and the user's device list to write
   * with the sign-in.
   */
  record Grant(DeviceToken token, DeviceIndex devices) {

    static DeviceToken tokenOf(Grant grant) {
      return grant == null ? null : grant.token();
    }

    static DeviceIndex devicesOf(Grant grant) {
      return grant == null ? null : grant.devices();
    }
  }
}
