package dev.keyfob.http;

import dev.keyfob.service.AuditEntry;
import dev.keyfob.service.DeviceToken;
import dev.keyfob.service.EnrollmentConfirmed;
import dev.keyfob.service.EnrollmentStarted;
import dev.keyfob.service.Listing;
import dev.keyfob.service.MemberView;
import dev.keyfob.service.Methods;
import dev.keyfob.service.OrgSecurityView;
import dev.keyfob.service.RecoveryResult;
import dev.keyfob.service.ResetResult;
import dev.keyfob.service.StatusView;
import dev.keyfob.service.Verified;
import dev.keyfob.token.IssuedToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contract's response bodies, built as ordered maps from service results. */
final class Views {

  private Views() {}

  static Map<String, Object> status(StatusView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userId", s.userId());
    m.put("orgId", s.orgId());
    m.put("orgRequiresTwoFactor", s.orgRequiresTwoFactor());
    m.put("exempt", s.exempt());
    m.put("enrolled", s.enrolled());
    m.put("enrollmentDeadline", Json.time(s.enrollmentDeadline()));
    m.put("nextStep", s.nextStep().name());
    m.put("recoveryCodesRemaining", s.recoveryCodesRemaining());
    m.put("lockedUntil", Json.time(s.lockedUntil()));
    m.put("lockedPermanently", s.lockedPermanently());
    m.put("methods", methods(s.methods()));
    m.put("webauthnLockedUntil", Json.time(s.webauthnLockedUntil()));
    m.put("rememberDeviceDays", s.rememberDeviceDays());
    return m;
  }

  private static Map<String, Object> methods(Methods methods) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("totp", methods.totp());
    m.put("webauthn", methods.webauthn());
    return m;
  }

  static Map<String, Object> enrollment(EnrollmentStarted e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enrollmentId", e.enrollmentId());
    m.put("secret", e.secret());
    m.put("otpauthUri", e.otpauthUri());
    m.put("qrCodePng", e.qrCodePng());
    m.put("qrCodeSvg", e.qrCodeSvg());
    m.put("expiresAt", Json.time(e.expiresAt()));
    return m;
  }

  static Map<String, Object> confirmed(EnrollmentConfirmed c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recoveryCodes", c.recoveryCodes());
    putToken(m, c.mfaToken());
    return m;
  }

  static Map<String, Object> token(IssuedToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    putToken(m, t);
    return m;
  }

  static Map<String, Object> verified(Verified v) {
    Map<String, Object> m = new LinkedHashMap<>();
    putToken(m, v.mfaToken());
    putDeviceToken(m, v.deviceToken());
    return m;
  }

  static Map<String, Object> recovered(RecoveryResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    putToken(m, r.mfaToken());
    m.put("recoveryCodesRemaining", r.recoveryCodesRemaining());
    m.put("reenrollRequired", r.reenrollRequired());
    putDeviceToken(m, r.deviceToken());
    return m;
  }

  static Map<String, Object> recoveryCodes(List<String> codes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recoveryCodes", codes);
    return m;
  }

  static Map<String, Object> orgSecurity(OrgSecurityView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("orgId", s.orgId());
    m.put("twoFactorRequired", s.twoFactorRequired());
    m.put("ssoEnabled", s.ssoEnabled());
    m.put("twoFactorAvailable", s.twoFactorAvailable());
    m.put("gracePeriodDays", s.gracePeriodDays());
    m.put("enforcedSince", Json.time(s.enforcedSince()));
    m.put("changedBy", s.changedBy());
    m.put("changedAt", Json.time(s.changedAt()));
    m.put("members", s.members());
    m.put("membersEnrolled", s.membersEnrolled());
    m.put("rememberDeviceDays", s.rememberDeviceDays());
    return m;
  }

  static Map<String, Object> members(Listing<MemberView> page) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (MemberView v : page.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("userId", v.userId());
      m.put("email", v.email());
      m.put("enrolled", v.enrolled());
      m.put("recoveryCodesRemaining", v.recoveryCodesRemaining());
      m.put("lastVerifiedAt", Json.time(v.lastVerifiedAt()));
      m.put("lockedUntil", Json.time(v.lockedUntil()));
      m.put("lockedPermanently", v.lockedPermanently());
      m.put("methods", methods(v.methods()));
      m.put("otherOrgs", v.otherOrgs());
      rows.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("members", rows);
    m.put("nextCursor", Cursors.encode(Cursors.MEMBERS, page.nextKey()));
    return m;
  }

  static Map<String, Object> resets(List<ResetResult> results) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ResetResult r : results) {
      rows.add(reset(r));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("results", rows);
    return m;
  }

  static Map<String, Object> reset(ResetResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userId", r.userId());
    m.put("status", r.status().name());
    return m;
  }

  static Map<String, Object> auditEvents(Listing<AuditEntry> page) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AuditEntry e : page.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("type", e.type());
      m.put("at", Json.time(e.at()));
      m.put("orgId", e.orgId());
      m.put("actorId", e.actorId());
      m.put("targetUserId", e.targetUserId());
      m.put("details", e.details());
      rows.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", rows);
    m.put("nextCursor", Cursors.encode(Cursors.AUDIT, page.nextKey()));
    return m;
  }

  /** Both members always, null when no browser is remembered, as the contract shapes it. */
  private static void putDeviceToken(Map<String, Object> m, DeviceToken d) {
    m.put("deviceToken", d == null ? null : d.token());
    m.put("deviceTokenExpiresAt", d == null ? null : Json.time(d.expiresAt()));
  }

  private static void putToken(Map<String, Object> m, IssuedToken t) {
    m.put("mfaToken", t.token());
    m.put("mfaTokenExpiresAt", Json.time(t.expiresAt()));
  }
}
