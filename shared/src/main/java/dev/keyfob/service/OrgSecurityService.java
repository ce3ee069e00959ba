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

  /** {@code PUT /v1/orgs/{orgId}/security/two-factor}. */
  public OrgSecurityView setTwoFactor(Caller caller, String orgId, boolean enabled,
      int gracePeriodDays) {
    requireAdminWithFreshPassword(caller, orgId);
    return Conflicts.retry(caller, accounts, c -> {
      OrgSettings current = c.snapshot().org();
      if (enabled && current.ssoEnabled()) {
        throw new ProblemException(ProblemType.SSO_ENABLED,
            "Two-factor authentication is not available while SSO is on; SSO users are"
                + " verified by their identity provider.");
      }
      OrgSettings updated;
      AuditEventType type;
      if (!enabled) {
        updated = new OrgSettings(orgId, false, current.ssoEnabled(), 0, null, c.userId(),
            c.now());
        type = current.twoFactorRequired() ? AuditEventType.TWO_FACTOR_DISABLED : null;
      } else if (current.twoFactorRequired()) {
        updated = new OrgSettings(orgId, true, false, gracePeriodDays, current.enforcedSince(),
            c.userId(), c.now());
        type = gracePeriodDays != current.gracePeriodDays()
            ? AuditEventType.TWO_FACTOR_GRACE_PERIOD_CHANGED : null;
      } else {
        updated = new OrgSettings(orgId, true, false, gracePeriodDays, c.now(), c.userId(),
            c.now());
        type = AuditEventType.TWO_FACTOR_ENABLED;
      }
      return save(c, current, updated, type,
          Map.of("gracePeriodDays", Integer.toString(updated.gracePeriodDays())));
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
          current.gracePeriodDays(), current.enforcedSince(), c.userId(), c.now());
      return save(c, current, updated, type, Map.of());
    });
  }

  private void requireAdminWithFreshPassword(Caller caller, String orgId) {
    policy.requireAdminWithTwoFactor(caller, orgId);
    policy.requireFreshPassword(caller);
  }

  /** Writes only a real change; re-sending the current settings changes nothing. */
  private OrgSecurityView save(Caller c, OrgSettings current, OrgSettings updated,
      AuditEventType type, Map<String, String> details) {
    if (type == null) {
      memberships.recordIfNeeded(c);
      return view(current);
    }
    AuditEvent event = audit.event(c.orgId(), type, c.now(), c.userId(), null, details);
    SideEffects effects = c.membershipEffects().with(event);
    orgs.saveSettings(current, updated, effects);
    return view(updated);
  }

  private OrgSecurityView view(OrgSettings s) {
    OrgRepository.MemberCounts counts = orgs.memberCounts(s.orgId());
    return new OrgSecurityView(s.orgId(), s.twoFactorRequired(), s.ssoEnabled(),
        !s.ssoEnabled(), s.gracePeriodDays(), s.enforcedSince(), s.changedBy(), s.changedAt(),
        counts.members(), counts.enrolled());
  }
}
