package dev.keyfob.policy;

import dev.keyfob.store.AccountSnapshot;
import dev.keyfob.store.Membership;
import dev.keyfob.store.SideEffects;
import dev.keyfob.token.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * An authenticated caller: the verified token, what storage says about them at the start of the
 * request, and the request's time. Immutable; a service that reloads state after losing a race
 * makes a new one with {@link #withSnapshot}.
 */
public record Caller(Principal principal, AccountSnapshot snapshot, Instant now) {

  public Caller {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(now, "now");
  }

  public String userId() {
    return principal.userId();
  }

  public String orgId() {
    return principal.orgId();
  }

  public Caller withSnapshot(AccountSnapshot fresh) {
    return new Caller(principal, fresh, now);
  }

  /**
   * The side effects every write of this request carries: recording the caller as a member of
   * the token's org when that is not on record yet (or the email changed).
   */
  public SideEffects membershipEffects() {
    if (!snapshot.membershipOutdated(principal.email())) {
      return SideEffects.NONE;
    }
    Instant firstSeen = snapshot.membership() == null || snapshot.membership().firstSeenAt() == null
        ? now : snapshot.membership().firstSeenAt();
    return SideEffects.of(new Membership(userId(), orgId(), principal.email(), firstSeen));
  }
}
