package dev.keyfob.service;

import java.time.Instant;

/**
 * One row of the members list. {@code lockedUntil} is a timed TOTP lock, else null;
 * {@code lockedPermanently} says code sign-in needs a reset; {@code otherOrgs} that the user is
 * also a recorded member of another org (which one is never said), so only support can reset
 * them.
 */
public record MemberView(
    String userId,
    String email,
    boolean enrolled,
    int recoveryCodesRemaining,
    Instant lastVerifiedAt,
    Instant lockedUntil,
    boolean lockedPermanently,
    Methods methods,
    boolean otherOrgs) {}
