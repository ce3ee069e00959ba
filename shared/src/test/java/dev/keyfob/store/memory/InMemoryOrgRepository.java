package dev.keyfob.store.memory;

import static dev.keyfob.store.memory.InMemoryStorage.millis;
import static dev.keyfob.store.memory.InMemoryStorage.require;

import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.Membership;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.OrgSettings;
import dev.keyfob.store.Page;
import dev.keyfob.store.SideEffects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@link OrgRepository} in memory, as {@link dev.keyfob.store.DynamoOrgRepository}: settings
 * saved under their 2FA and SSO toggles as read, members in user id order and audit events
 * newest first, a page at a time with the same cursors. Part of an {@link InMemoryStorage}.
 */
final class InMemoryOrgRepository implements OrgRepository {

  private final InMemoryStorage store;

  InMemoryOrgRepository(InMemoryStorage store) {
    this.store = store;
  }

  @Override
  public OrgSettings settings(String orgId) {
    synchronized (store) {
      return store.orgSettings(orgId);
    }
  }

  @Override
  public void saveSettings(OrgSettings expected, OrgSettings updated, SideEffects effects) {
    synchronized (store) {
      OrgSettings stored = store.settings.get(updated.orgId());
      // An absent item has both toggles off, as an absent attribute does.
      OrgSettings current = stored == null ? OrgSettings.defaults(updated.orgId()) : stored;
      require(current.twoFactorRequired() == expected.twoFactorRequired());
      require(current.ssoEnabled() == expected.ssoEnabled());
      store.requireEffects(effects);
      store.settings.put(updated.orgId(), new OrgSettings(updated.orgId(),
          updated.twoFactorRequired(), updated.ssoEnabled(), updated.gracePeriodDays(),
          millis(updated.enforcedSince()), updated.changedBy(), millis(updated.changedAt()),
          updated.rememberDeviceDays(), updated.devicesForgottenAt() != null
              ? millis(updated.devicesForgottenAt()) : current.devicesForgottenAt()));
      store.applyEffects(effects);
    }
  }

  @Override
  public Page<Membership> members(String orgId, int limit, String afterUserId) {
    synchronized (store) {
      TreeMap<String, Membership> members = new TreeMap<>();
      store.memberships.forEach((userId, ofUser) -> {
        Membership m = ofUser.get(orgId);
        if (m != null) {
          members.put(userId, m);
        }
      });
      NavigableMap<String, Membership> after = afterUserId == null ? members
          : members.tailMap(afterUserId, false);
      return page(after, limit, Membership::userId);
    }
  }

  @Override
  public MemberCounts memberCounts(String orgId) {
    synchronized (store) {
      int members = 0;
      int enrolled = 0;
      for (Map.Entry<String, TreeMap<String, Membership>> e : store.memberships.entrySet()) {
        if (e.getValue().containsKey(orgId)) {
          members++;
          if (store.state(e.getKey()).hasFactor()) {
            enrolled++;
          }
        }
      }
      return new MemberCounts(members, enrolled);
    }
  }

  @Override
  public Page<AuditEvent> auditEvents(String orgId, int limit, String afterEventId) {
    synchronized (store) {
      NavigableMap<String, AuditEvent> newestFirst =
          store.auditEvents.getOrDefault(orgId, new TreeMap<>()).descendingMap();
      NavigableMap<String, AuditEvent> after = afterEventId == null ? newestFirst
          : newestFirst.tailMap(afterEventId, false);
      return page(after, limit, AuditEvent::id);
    }
  }

  @Override
  public void appendAuditEvents(List<AuditEvent> events) {
    synchronized (store) {
      // Plain puts, as the batched writes are: an event written again replaces itself.
      events.forEach(store::putAuditEvent);
    }
  }

  /** {@code limit} items at most, and the key of the last one only when more follow. */
  private static <T> Page<T> page(NavigableMap<String, T> from, int limit,
      Function<T, String> keyOf) {
    List<T> items = new ArrayList<>();
    for (T item : from.values()) {
      if (items.size() == limit) {
        return new Page<>(items, keyOf.apply(items.get(limit - 1)));
      }
      items.add(item);
    }
    return new Page<>(items, null);
  }
}
