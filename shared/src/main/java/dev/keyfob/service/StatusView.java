package dev.keyfob.service;

import java.time.Instant;

/**
 * The caller's two-factor status.
 *
 * @param enrolled whether any method is set up
 * @param enrollmentDeadline end of the org's grace period while it runs, else null
 * @param lockedUntil end of a timed TOTP lock (rounded up to the second), else null
 * @param lockedPermanently whether a kind of sign-in (app codes, recovery codes or security
 *     keys) stays locked until an admin or support reset
 * @param webauthnLockedUntil end of a timed security-key lock (rounded up), else null
 * @param rememberDeviceDays the org's setting for remembered browsers (0: off)
 */
public record StatusView(
    String userId,
    String orgId,
    boolean orgRequiresTwoFactor,
    boolean exempt,
    boolean enrolled,
    Instant enrollmentDeadline,
    NextStep nextStep,
    int recoveryCodesRemaining,
    Instant lockedUntil,
    boolean lockedPermanently,
    Methods methods,
    Instant webauthnLockedUntil,
    int rememberDeviceDays) {}
