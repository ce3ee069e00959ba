package dev.keyfob.service;

import java.time.Instant;

/**
 * An org's access-security settings with rollout progress.
 *
 * @param rememberDeviceDays how long a remembered browser may skip the second factor (0: off)
 */
public record OrgSecurityView(
    String orgId,
    boolean twoFactorRequired,
    boolean ssoEnabled,
    boolean twoFactorAvailable,
    int gracePeriodDays,
    Instant enforcedSince,
    String changedBy,
    Instant changedAt,
    int members,
    int membersEnrolled,
    int rememberDeviceDays) {}
