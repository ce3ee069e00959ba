package dev.keyfob.service;

import dev.keyfob.policy.Caller;
import dev.keyfob.policy.AccessPolicy;
import dev.keyfob.problem.ProblemException;
import dev.keyfob.problem.ProblemType;
import dev.keyfob.store.AccountRepository;
import dev.keyfob.store.AuditEvent;
import dev.keyfob.store.AuditEventType;
import dev.keyfob.store.OrgRepository;
import dev.keyfob.store.OrgSettings;
import dev.keyfob.store.SideEffects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Organisation settings, Access Security: the 2FA requirement with its grace period, SSO, and
 * rollout progress. 2FA and SSO exclude each other; the writes are conditional on the toggles
 * read, so two admins racing cannot end with both on.
 */
public final class OrgSecurityService {

  private final OrgRepository orgs;
  private final AccountRepository accounts;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final MembershipRecorder memberships;

  OrgSecurityService(OrgRepository orgs, AccountRepository accounts, AccessPolicy policy,
      AuditTrail audit, MembershipRecorder memberships) {
    this.orgs = orgs;
    this.accounts = accounts;
    this.policy = policy;
    this.audit = audit;
    this.memberships = memberships;
  }

  /** {@code GET /v1/orgs/{orgId}/security}. */
  public OrgSecurityView get(Caller caller, String orgId) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    memberships.recordIfNeeded(caller);
    return view(caller.snapshot().org());
  }

  /**
   * {@code PUT /v1/orgs/{orgId}/security/two-factor}.
   *
   * @param gracePeriodDays 0-30, or null: unchanged while 2FA stays on, 0 when turning it on
   * @param rememberDeviceDays 0-30, or null: unchanged
   */
  public OrgSecurityView setTwoFactor(Caller caller, String orgId, boolean enabled,
      Integer gracePeriodDays, Integer rememberDeviceDays) {
    requireAdminWithFreshPassword(caller, orgId);
    return Conflicts.retry(caller, accounts, c -> {
      OrgSettings current = c.snapshot().org();
      if (enabled && current.ssoEnabled()) {
        throw new ProblemException(ProblemType.SSO_ENABLED,
            "Two-factor authentication is not available while SSO is on; SSO users are"
                + " verified by their identity provider.");
      }
      List<AuditEvent> events = new ArrayList<>();
      boolean required;
      int grace;
      Instant enforcedSince;
      if (!enabled) {
        required = false;
        grace = 0;
        enforcedSince = null;
        if (current.twoFactorRequired()) {
          events.add(event(c, AuditEventType.TWO_FACTOR_DISABLED, "gracePeriodDays", 0));
        }
      } else if (current.twoFactorRequired()) {
        required = true;
        grace = gracePeriodDays == null ? current.gracePeriodDays() : gracePeriodDays;
        enforcedSince = current.enforcedSince();
        if (grace != current.gracePeriodDays()) {
          events.add(event(c, AuditEventType.TWO_FACTOR_GRACE_PERIOD_CHANGED,
              "gracePeriodDays", grace));
        }
      } else {
        required = true;
        grace = gracePeriodDays == null ? 0 : gracePeriodDays;
        enforcedSince = c.now();
        events.add(event(c, AuditEventType.TWO_FACTOR_ENABLED, "gracePeriodDays", grace));
      }
      int remember = rememberDeviceDays == null ? current.rememberDeviceDays()
          : rememberDeviceDays;
      Instant forgottenAt = current.devicesForgottenAt();
      if (remember != current.rememberDeviceDays()) {
        events.add(event(c, AuditEventType.REMEMBER_DEVICE_CHANGED, "rememberDeviceDays",
            remember));
        if (remember == 0) {
          // Turning it off ends every device token issued so far, for good.
          forgottenAt = c.now();
        }
      }
      OrgSettings updated = new OrgSettings(orgId, required, current.ssoEnabled(), grace,
          enforcedSince, c.userId(), c.now(), remember, forgottenAt);
      return save(c, current, updated, events);
    });
  }

  /** {@code PUT /v1/orgs/{orgId}/security/sso}. */
  public OrgSecurityView setSso(Caller caller, String orgId, boolean enabled) {
    requireAdminWithFreshPassword(caller, orgId);
    return Conflicts.retry(caller, accounts, c -> {
      OrgSettings current = c.snapshot().org();
      if (enabled && current.twoFactorRequired()) {
        throw new ProblemException(ProblemType.TWO_FACTOR_ENABLED,
            "Turn off the two-factor requirement before turning on SSO.");
      }
      AuditEventType type = enabled == current.ssoEnabled() ? null
          : enabled ? AuditEventType.SSO_ENABLED : AuditEventType.SSO_DISABLED;
      OrgSettings updated = new OrgSettings(orgId, current.twoFactorRequired(), enabled,
          current.gracePeriodDays(), current.enforcedSince(), c.userId(), c.now(),
          current.rememberDeviceDays(), current.devicesForgottenAt());
      return save(c, current, updated, type == null ? List.of()
          : List.of(audit.event(c.orgId(), type, c.now(), c.userId(), null, Map.of())));
    });
  }

  private AuditEvent event(Caller c, AuditEventType type, String detail, int value) {
    return audit.event(c.orgId(), type, c.now(), c.userId(), null,
        Map.of(detail, Integer.toString(value)));
  }

  private void requireAdminWithFreshPassword(Caller caller, String orgId) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    policy.requireFreshPassword(caller);
  }

  /** Writes only a real change; re-sending the current settings changes nothing. */
  private OrgSecurityView save(Caller c, OrgSettings current, OrgSettings updated,
      List<AuditEvent> events) {
    if (events.isEmpty()) {
      memberships.recordIfNeeded(c);
      return view(current);
    }
    SideEffects effects = c.membershipEffects();
    for (AuditEvent event : events) {
      effects = effects.with(event);
    }
    orgs.saveSettings(current, updated, effects);
    return view(updated);
  }

  private OrgSecurityView view(OrgSettings s) {
    OrgRepository.MemberCounts counts = orgs.memberCounts(s.orgId());
    return new OrgSecurityView(s.orgId(), s.twoFactorRequired(), s.ssoEnabled(),
        !s.ssoEnabled(), s.gracePeriodDays(), s.enforcedSince(), s.changedBy(), s.changedAt(),
        counts.members(), counts.enrolled(), s.rememberDeviceDays());
  }
}
