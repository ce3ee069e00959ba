package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.FailureKind;
import dev.keyfob.store.SideEffects;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one failed attempt of a kind means, decided on the state the request read: the lock it
 * sets (if any), the {@code LOCKED} audit event that goes with a lock, and the 401 to answer. The
 * caller writes it with a condition on the count read, so it is counted exactly once.
 *
 * @param lockUntil the timed lock this failure sets, or null
 * @param effects the request's side effects plus the {@code LOCKED} event when there is a lock
 * @param problem the 401 to answer ({@link Outcomes#wrongCode})
 */
record FailedAttempt(Instant lockUntil, SideEffects effects, ProblemException problem) {

  static FailedAttempt of(Caller c, FailureKind kind, LockoutPolicy lockout, AuditTrail audit,
      SideEffects effects) {
    Instant now = c.now();
    int failures = c.snapshot().state().failures(kind) + 1;
    Instant lockUntil = lockout.lockAfter(failures, now);
    if (lockUntil != null || lockout.permanent(failures)) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("kind", kind.name());
      details.put("consecutiveFailures", Integer.toString(failures));
      details.put("lockedUntil", lockUntil == null ? "permanent"
          : Outcomes.ceilToSecond(lockUntil).toString());
      effects = effects.with(audit.event(c.orgId(), AuditEventType.LOCKED, now, c.userId(),
          c.userId(), details));
    }
    return new FailedAttempt(lockUntil, effects, Outcomes.wrongCode(kind,
        lockout.attemptsRemaining(failures), lockUntil, lockout.permanent(failures), now));
  }
}
