package dev.keyfob.service;

import java.time.Instant;
import java.util.Map;

/**
 * One event of an org's audit trail as the route shows it. Details are short strings such as a
 * reason or a ticket, never a secret, a code or a token.
 *
 * @param type the event type's name, e.g. {@code ADMIN_RESET}
 * @param targetUserId the user the event is about; null for org settings
 */
public record AuditEntry(String id, String type, Instant at, String orgId, String actorId,
    String targetUserId, Map<String, String> details) {

  public AuditEntry {
    details = Map.copyOf(details);
  }
}
