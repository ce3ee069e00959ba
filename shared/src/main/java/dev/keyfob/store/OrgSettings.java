package dev.keyfob.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * An org's access-security settings ({@code ORG#<id> / SETTINGS}). 2FA and SSO are mutually
 * exclusive; the repository enforces that with conditional writes.
 *
 * @param gracePeriodDays 0-30; days after {@code enforcedSince} before members without a factor
 *     are stopped
 * @param enforcedSince when 2FA was last switched on; null while off
 */
public record OrgSettings(
    String orgId,
    boolean twoFactorRequired,
    boolean ssoEnabled,
    int gracePeriodDays,
    Instant enforcedSince,
    String changedBy,
    Instant changedAt) {

  static final String TWO_FACTOR_REQUIRED = "twoFactorRequired";
  static final String SSO_ENABLED = "ssoEnabled";
  static final String GRACE_PERIOD_DAYS = "gracePeriodDays";
  static final String ENFORCED_SINCE = "enforcedSince";
  static final String CHANGED_BY = "changedBy";
  static final String CHANGED_AT = "changedAt";

  public OrgSettings {
    Objects.requireNonNull(orgId, "orgId");
  }

  /** Settings of an org nobody has changed: 2FA off, SSO off. */
  public static OrgSettings defaults(String orgId) {
    return new OrgSettings(orgId, false, false, 0, null, null, null);
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

  static final TableSchema<OrgSettings> SCHEMA =
      StaticImmutableTableSchema.builder(OrgSettings.class, ItemBuilder.class)
          .newItemBuilder(ItemBuilder::new, b -> new OrgSettings(
              b.string("orgId"),
              b.bool(TWO_FACTOR_REQUIRED),
              b.bool(SSO_ENABLED),
              b.integer(GRACE_PERIOD_DAYS),
              b.instant(ENFORCED_SINCE),
              b.string(CHANGED_BY),
              b.instant(CHANGED_AT)))
          .addAttribute(String.class, a -> a.name(TableDefinition.PK)
              .getter(s -> Keys.org(s.orgId())).setter(ItemBuilder::ignore)
              .tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(TableDefinition.SK)
              .getter(s -> Keys.SETTINGS).setter(ItemBuilder::ignore)
              .tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("orgId")
              .getter(OrgSettings::orgId).setter((b, v) -> b.put("orgId", v)))
          .addAttribute(Boolean.class, a -> a.name(TWO_FACTOR_REQUIRED)
              .getter(OrgSettings::twoFactorRequired)
              .setter((b, v) -> b.put(TWO_FACTOR_REQUIRED, v)))
          .addAttribute(Boolean.class, a -> a.name(SSO_ENABLED)
              .getter(OrgSettings::ssoEnabled).setter((b, v) -> b.put(SSO_ENABLED, v)))
          .addAttribute(Integer.class, a -> a.name(GRACE_PERIOD_DAYS)
              .getter(OrgSettings::gracePeriodDays)
              .setter((b, v) -> b.put(GRACE_PERIOD_DAYS, v)))
          .addAttribute(Long.class, a -> a.name(ENFORCED_SINCE)
              .getter(s -> ItemBuilder.millis(s.enforcedSince()))
              .setter((b, v) -> b.put(ENFORCED_SINCE, v)))
          .addAttribute(String.class, a -> a.name(CHANGED_BY)
              .getter(OrgSettings::changedBy).setter((b, v) -> b.put(CHANGED_BY, v)))
          .addAttribute(Long.class, a -> a.name(CHANGED_AT)
              .getter(s -> ItemBuilder.millis(s.changedAt()))
              .setter((b, v) -> b.put(CHANGED_AT, v)))
          .build();
}
