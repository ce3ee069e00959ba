package dev.keyfob.service;

import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.AuditEventType;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Makes audit events: time-ordered ids (zero-padded epoch milliseconds and 64 random bits) and
 * the retention expiry. Callers decide the details; they never include secrets or codes.
 * Thread-safe.
 */
public final class AuditTrail {

  private final Duration retention;
  private final SecureRandom random = new SecureRandom();

  public AuditTrail(Duration retention) {
    this.retention = retention;
  }

  public AuditEvent event(String orgId, AuditEventType type, Instant at, String actorId,
      String targetUserId, Map<String, String> details) {
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    String id = String.format("%013d", at.toEpochMilli()) + "-" + HexFormat.of().formatHex(suffix);
    return new AuditEvent(orgId, id, type, at, actorId, targetUserId, details,
        at.plus(retention));
  }
}
