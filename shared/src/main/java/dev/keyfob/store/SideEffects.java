package dev.keyfob.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes that ride along with a state change in the same transaction: recording the caller's
 * membership of an org and appending audit events. Either all of them happen with the change or
 * none do.
 *
 * @param membership a membership to record (upsert), or null
 * @param events audit events to append
 */
public record SideEffects(Membership membership, List<AuditEvent> events) {

  public static final SideEffects NONE = new SideEffects(null, List.of());

  public SideEffects {
    events = List.copyOf(events);
  }

  public static SideEffects of(Membership membership, AuditEvent... events) {
    return new SideEffects(membership, List.of(events));
  }

  /** A copy with another event appended. */
  public SideEffects with(AuditEvent event) {
    List<AuditEvent> all = new ArrayList<>(events);
    all.add(event);
    return new SideEffects(membership, all);
  }

  public boolean isEmpty() {
    return membership == null && events.isEmpty();
  }
}
