package dev.keyfob.service;

import java.time.Instant;

/**
 * A started enrollment: the only response that ever carries the new secret. Its
 * {@link #toString()} leaves the secret out so it cannot reach a log by accident.
 *
 * @param secret base32 without padding
 */
public record EnrollmentStarted(
    String enrollmentId,
    String secret,
    String otpauthUri,
    String qrCodePng,
    String qrCodeSvg,
    Instant expiresAt) {

  @Override
  public String toString() {
    return "EnrollmentStarted[expiresAt=" + expiresAt + "]";
  }
}
