package dev.keyfob.service;

/** A reset outcome for one user. */
public record ResetResult(String userId, ResetStatus status) {}
