package dev.keyfob.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An org's access-security settings ({@code ORG#<id> / SETTINGS}). 2FA and SSO are mutually
 * exclusive; the repository enforces that with conditional writes.
 *
 * @param gracePeriodDays 0-30; days after {@code enforcedSince} before members without a factor
 *     are stopped
 * @param enforcedSince when 2FA was last switched on; null while off
 * @param rememberDeviceDays 0-30; how long a remembered browser may skip the second factor
 *     (0: off)
 * @param devicesForgottenAt when remembering was last turned off (set to 0); device tokens issued
 *     before then never work again. Null if it never was.
 */
public record OrgSettings(
    String orgId,
    boolean twoFactorRequired,
    boolean ssoEnabled,
    int gracePeriodDays,
    Instant enforcedSince,
    String changedBy,
    Instant changedAt,
    int rememberDeviceDays,
    Instant devicesForgottenAt) {

  static final String TWO_FACTOR_REQUIRED = "twoFactorRequired";
  static final String SSO_ENABLED = "ssoEnabled";
  static final String GRACE_PERIOD_DAYS = "gracePeriodDays";
  static final String ENFORCED_SINCE = "enforcedSince";
  static final String CHANGED_BY = "changedBy";
  static final String CHANGED_AT = "changedAt";
  static final String REMEMBER_DEVICE_DAYS = "rememberDeviceDays";
  static final String DEVICES_FORGOTTEN_AT = "devicesForgottenAt";

  public OrgSettings {
    Objects.requireNonNull(orgId, "orgId");
  }

  /** Settings of an org nobody has changed: 2FA off, SSO off. */
  public static OrgSettings defaults(String orgId) {
    return new OrgSettings(orgId, false, false, 0, null, null, null, 0, null);
  }

  /** End of the grace period, or null when 2FA is off or there is none. */
  public Instant graceEndsAt() {
    if (!twoFactorRequired || gracePeriodDays == 0 || enforcedSince == null) {
      return null;
    }
    return enforcedSince.plus(Duration.ofDays(gracePeriodDays));
  }

  /** Whether members without a factor are stopped at {@code now}: required and grace over. */
  public boolean enforcedAt(Instant now) {
    Instant graceEnd = graceEndsAt();
    return twoFactorRequired && (graceEnd == null || !now.isBefore(graceEnd));
  }

  /** The enrollment deadline shown to members: the grace end while it is still ahead. */
  public Instant enrollmentDeadlineAt(Instant now) {
    Instant graceEnd = graceEndsAt();
    return graceEnd != null && now.isBefore(graceEnd) ? graceEnd : null;
  }

  static OrgSettings fromItem(Map<String, AttributeValue> item) {
    return new OrgSettings(
        Items.string(item, "orgId"),
        Items.bool(item, TWO_FACTOR_REQUIRED),
        Items.bool(item, SSO_ENABLED),
        Items.integer(item, GRACE_PERIOD_DAYS),
        Items.instant(item, ENFORCED_SINCE),
        Items.string(item, CHANGED_BY),
        Items.instant(item, CHANGED_AT),
        Items.integer(item, REMEMBER_DEVICE_DAYS),
        Items.instant(item, DEVICES_FORGOTTEN_AT));
  }
}
