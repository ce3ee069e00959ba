package dev.keyfob.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link OrgRepository} on the keyfob DynamoDB table, through the enhanced client. */
public final class DynamoOrgRepository implements OrgRepository {

  private static final String MEMBERS_CURSOR = "m";
  private static final String AUDIT_CURSOR = "a";
  /** The most writes DynamoDB takes in one TransactWriteItems. */
  private static final int MAX_TRANSACTION_ITEMS = 100;

  private final String table;
  private final Writer writer;
  private final DynamoDbTable<OrgSettings> settings;
  private final DynamoDbIndex<Membership> membersIndex;
  private final DynamoDbTable<AuditEvent> audit;
  private final AccountRepository accounts;

  public DynamoOrgRepository(DynamoDbClient dynamo, String table, AccountRepository accounts) {
    this.table = table;
    this.writer = new Writer(dynamo, table);
    DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo)
        .build();
    this.settings = enhanced.table(table, OrgSettings.SCHEMA);
    this.membersIndex = enhanced.table(table, Membership.SCHEMA)
        .index(TableDefinition.MEMBERS_INDEX);
    this.audit = enhanced.table(table, AuditEvent.SCHEMA);
    this.accounts = accounts;
  }

  @Override
  public OrgSettings settings(String orgId) {
    try {
      OrgSettings s = settings.getItem(r -> r.consistentRead(true)
          .key(k -> k.partitionValue(Keys.org(orgId)).sortValue(Keys.SETTINGS)));
      return s == null ? OrgSettings.defaults(orgId) : s;
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  @Override
  public void saveSettings(OrgSettings expected, OrgSettings updated, SideEffects effects) {
    UpdateSpec u = new UpdateSpec(Keys.orgSettings(updated.orgId()));
    requireFlag(u, OrgSettings.TWO_FACTOR_REQUIRED, expected.twoFactorRequired());
    requireFlag(u, OrgSettings.SSO_ENABLED, expected.ssoEnabled());
    u.set("orgId", AttributeValue.fromS(updated.orgId()))
        .set(OrgSettings.TWO_FACTOR_REQUIRED, AttributeValue.fromBool(updated.twoFactorRequired()))
        .set(OrgSettings.SSO_ENABLED, AttributeValue.fromBool(updated.ssoEnabled()))
        .set(OrgSettings.GRACE_PERIOD_DAYS, updated.gracePeriodDays())
        .set(OrgSettings.CHANGED_BY, AttributeValue.fromS(updated.changedBy()))
        .set(OrgSettings.CHANGED_AT, updated.changedAt().toEpochMilli());
    if (updated.enforcedSince() == null) {
      u.remove(OrgSettings.ENFORCED_SINCE);
    } else {
      u.set(OrgSettings.ENFORCED_SINCE, updated.enforcedSince().toEpochMilli());
    }
    writer.write(u.build(table), effects);
  }

  private static void requireFlag(UpdateSpec u, String attribute, boolean expected) {
    String n = u.name(attribute);
    String v = u.value(AttributeValue.fromBool(expected));
    u.require(expected ? n + " = " + v : "attribute_not_exists(" + n + ") OR " + n + " = " + v);
  }

  @Override
  public Page<Membership> members(String orgId, int limit, String cursor) {
    Optional<String> after = Cursors.decode(MEMBERS_CURSOR, cursor);
    QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(Keys.org(orgId))))
        .limit(limit + 1);
    after.ifPresent(userId -> q.exclusiveStartKey(Map.of(
        TableDefinition.PK, AttributeValue.fromS(Keys.user(userId)),
        TableDefinition.SK, AttributeValue.fromS(Keys.org(orgId)),
        TableDefinition.GSI1_PK, AttributeValue.fromS(Keys.org(orgId)),
        TableDefinition.GSI1_SK, AttributeValue.fromS(Keys.member(userId)))));
    try {
      var page = membersIndex.query(q.build()).iterator().next();
      return pageOf(page.items(), page.lastEvaluatedKey() != null, limit,
          m -> Cursors.encode(MEMBERS_CURSOR, m.userId()));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  @Override
  public MemberCounts memberCounts(String orgId) {
    List<String> userIds = new ArrayList<>();
    try {
      membersIndex.query(r -> r.queryConditional(
              QueryConditional.keyEqualTo(k -> k.partitionValue(Keys.org(orgId)))))
          .forEach(page -> page.items().forEach(m -> userIds.add(m.userId())));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
    int enrolled = 0;
    for (UserState state : accounts.states(userIds)) {
      if (state.hasFactor()) {
        enrolled++;
      }
    }
    return new MemberCounts(userIds.size(), enrolled);
  }

  @Override
  public Page<AuditEvent> auditEvents(String orgId, int limit, String cursor) {
    Optional<String> after = Cursors.decode(AUDIT_CURSOR, cursor);
    QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
        .queryConditional(QueryConditional.sortBeginsWith(Key.builder()
            .partitionValue(Keys.org(orgId)).sortValue(Keys.AUDIT_PREFIX).build()))
        .scanIndexForward(false)
        .limit(limit + 1);
    after.ifPresent(id -> q.exclusiveStartKey(Map.of(
        TableDefinition.PK, AttributeValue.fromS(Keys.org(orgId)),
        TableDefinition.SK, AttributeValue.fromS(Keys.AUDIT_PREFIX + id))));
    try {
      Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<AuditEvent>> pages =
          audit.query(q.build()).iterator();
      var page = pages.next();
      return pageOf(page.items(), page.lastEvaluatedKey() != null, limit,
          e -> Cursors.encode(AUDIT_CURSOR, e.id()));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  /**
   * Reads one item more than asked so that the last page says so (no cursor) instead of
   * leading to an empty page.
   */
  private static <T> Page<T> pageOf(List<T> read, boolean storageHasMore, int limit,
      java.util.function.Function<T, String> cursorOf) {
    if (read.size() > limit) {
      List<T> items = read.subList(0, limit);
      return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }
    String next = storageHasMore && !read.isEmpty() ? cursorOf.apply(read.get(read.size() - 1))
        : null;
    return new Page<>(read, next);
  }

  @Override
  public void appendAuditEvents(List<AuditEvent> events) {
    // One TransactWriteItems takes at most MAX_TRANSACTION_ITEMS; a support reset of a user of
    // many orgs has more events than that.
    for (int from = 0; from < events.size(); from += MAX_TRANSACTION_ITEMS) {
      writer.write(List.of(), new SideEffects(null,
          events.subList(from, Math.min(events.size(), from + MAX_TRANSACTION_ITEMS))));
    }
  }
}
