package dev.keyfob.service;

import java.time.Instant;

/**
 * The caller's two-factor status.
 *
 * @param enrollmentDeadline end of the org's grace period while it runs, else null
 * @param lockedUntil end of a timed TOTP lock (rounded up to the second), else null
 * @param lockedPermanently whether code sign-in (TOTP or recovery codes) stays locked until an
 *     admin or support reset
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
    boolean lockedPermanently) {}
