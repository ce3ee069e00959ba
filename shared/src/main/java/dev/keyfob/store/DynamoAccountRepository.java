package dev.keyfob.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@link AccountRepository} on the keyfob DynamoDB table. Reads are strongly consistent; every
 * write carries the condition that makes it safe under concurrency (see each method of the
 * interface). Thread-safe.
 */
public final class DynamoAccountRepository implements AccountRepository {

  private static final int BATCH_GET_LIMIT = 100;
  private static final int UNPROCESSED_RETRIES = 4;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Writer writer;

  public DynamoAccountRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = new Writer(dynamo, table);
  }

  /** A user id outside the contract's identifiers, so no real user can ever own this key. */
  private static final String PRIMING_USER = "~priming";

  @Override
  public void prime() {
    load(PRIMING_USER, PRIMING_USER, Lookups.NONE);
    UpdateSpec u = new UpdateSpec(Keys.userState(PRIMING_USER))
        .set(UserState.LAST_WRITE_ID, AttributeValue.fromS("priming"));
    u.require("attribute_exists(" + u.name(TableDefinition.PK) + ")");
    try {
      writer.write(u.build(table), SideEffects.NONE);
    } catch (ConcurrentUpdateException expected) {
      // The condition fails by design: the item does not exist and is not created.
    }
  }

  @Override
  public AccountSnapshot load(String userId, String orgId, Lookups lookups) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>(List.of(Keys.userState(userId),
        Keys.enrollment(userId), Keys.registration(userId), Keys.assertion(userId),
        Keys.membership(userId, orgId), Keys.orgSettings(orgId)));
    String credentialKey = lookups.credentialKey();
    if (credentialKey != null) {
      keys.add(Keys.credential(userId, credentialKey));
      keys.add(Keys.credentialOwner(credentialKey));
    }
    String deviceHash = lookups.deviceHash();
    if (deviceHash != null) {
      keys.add(Keys.device(userId, deviceHash));
    }
    Map<String, Map<String, AttributeValue>> found = batchGet(keys);
    String pk = Keys.user(userId);
    Map<String, AttributeValue> state = found.get(id(pk, Keys.STATE));
    Map<String, AttributeValue> pending = found.get(id(pk, Keys.ENROLLMENT));
    Map<String, AttributeValue> registration = found.get(id(pk, Keys.REGISTRATION));
    Map<String, AttributeValue> assertion = found.get(id(pk, Keys.ASSERTION));
    Map<String, AttributeValue> member = found.get(id(pk, Keys.org(orgId)));
    Map<String, AttributeValue> org = found.get(id(Keys.org(orgId), Keys.SETTINGS));
    Map<String, AttributeValue> credential = credentialKey == null ? null
        : found.get(id(pk, Keys.CREDENTIAL_PREFIX + credentialKey));
    Map<String, AttributeValue> owner = credentialKey == null ? null
        : found.get(id(Keys.CREDENTIAL_OWNER_PREFIX + credentialKey, Keys.OWNER));
    Map<String, AttributeValue> device = deviceHash == null ? null
        : found.get(id(pk, Keys.DEVICE_PREFIX + deviceHash));
    return new AccountSnapshot(
        state == null ? UserState.empty(userId) : UserState.fromItem(state),
        pending == null ? null : PendingEnrollment.fromItem(pending),
        registration == null ? null : PendingRegistration.fromItem(registration),
        assertion == null ? null : PendingAssertion.fromItem(assertion),
        member == null ? null : Membership.fromItem(member),
        org == null ? OrgSettings.defaults(orgId) : OrgSettings.fromItem(org),
        credential == null ? null : WebAuthnCredential.fromItem(credential),
        owner == null ? null : Items.string(owner, "userId"),
        device == null ? null : RememberedDevice.fromItem(device),
        lookups);
  }

  @Override
  public List<UserState> states(List<String> userIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String userId : new java.util.LinkedHashSet<>(userIds)) {
      keys.add(Keys.userState(userId));
    }
    Map<String, Map<String, AttributeValue>> found = batchGet(keys);
    List<UserState> result = new ArrayList<>(userIds.size());
    for (String userId : userIds) {
      Map<String, AttributeValue> item = found.get(id(Keys.user(userId), Keys.STATE));
      result.add(item == null ? UserState.empty(userId) : UserState.fromItem(item));
    }
    return result;
  }

  @Override
  public Map<String, Membership> memberships(String orgId, Collection<String> userIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String userId : new java.util.LinkedHashSet<>(userIds)) {
      keys.add(Keys.membership(userId, orgId));
    }
    Map<String, Membership> result = new HashMap<>();
    for (Map<String, AttributeValue> item : batchGet(keys).values()) {
      Membership m = Membership.fromItem(item);
      result.put(m.userId(), m);
    }
    return result;
  }

  @Override
  public List<Membership> membershipsOf(String userId) {
    try {
      List<Membership> result = new ArrayList<>();
      dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
              .keyConditionExpression("#pk = :pk AND begins_with(#sk, :org)")
              .expressionAttributeNames(Map.of("#pk", TableDefinition.PK,
                  "#sk", TableDefinition.SK))
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.user(userId)),
                  ":org", AttributeValue.fromS(Keys.ORG_PREFIX))))
          .items().forEach(item -> result.add(Membership.fromItem(item)));
      return result;
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  @Override
  public boolean memberOfAnotherOrg(String userId, String orgId) {
    // Two memberships at most tell whether one of them is not this org's.
    try {
      return dynamo.query(q -> q.tableName(table).consistentRead(true).limit(2)
              .keyConditionExpression("#pk = :pk AND begins_with(#sk, :org)")
              .expressionAttributeNames(Map.of("#pk", TableDefinition.PK,
                  "#sk", TableDefinition.SK))
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.user(userId)),
                  ":org", AttributeValue.fromS(Keys.ORG_PREFIX))))
          .items().stream()
          .anyMatch(item -> !orgId.equals(Items.string(item, "orgId")));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  @Override
  public void forgetMembership(String userId, String orgId, SideEffects effects) {
    UpdateSpec membership = new UpdateSpec(Keys.membership(userId, orgId));
    membership.require("attribute_exists(" + membership.name(TableDefinition.PK) + ")");
    UpdateSpec orgs = new UpdateSpec(Keys.userOrgs(userId))
        .deleteFromSet(Membership.ORG_IDS, AttributeValue.fromSs(List.of(orgId)));
    writer.write(List.of(membership.buildConditionalDelete(table), orgs.build(table)), effects);
  }

  @Override
  public void recordMembership(Membership membership) {
    writer.write(List.of(), SideEffects.of(membership));
  }

  @Override
  public void acceptTotp(UserState expected, long step, Instant now, DeviceIndex devices,
      String writeId, SideEffects effects) {
    UpdateSpec u = stateUpdate(expected, writeId)
        .set(UserState.LAST_STEP, step)
        .set(UserState.LAST_VERIFIED_AT, now.toEpochMilli());
    clearAttempts(u, FailureKind.TOTP);
    requireTotp(u);
    String lastStep = u.name(UserState.LAST_STEP);
    u.require("attribute_not_exists(" + lastStep + ") OR " + lastStep + " < " + u.value(step));
    requireUnlocked(u, expected, FailureKind.TOTP, now);
    List<TransactWriteItem> items = new ArrayList<>();
    changeDevices(u, expected, devices, items);
    items.add(0, u.build(table));
    writer.write(items, effects);
  }

  @Override
  public void recordFailure(UserState expected, FailureKind kind, Instant now, Instant lockUntil,
      String writeId, SideEffects effects) {
    writer.write(failure(expected, kind, now, lockUntil, writeId).build(table), effects);
  }

  @Override
  public void consumeRecoveryCode(UserState expected, String hash, boolean removeFactor,
      Instant now, DeviceIndex devices, String writeId, SideEffects effects) {
    int remaining = expected.recoveryHashes().size();
    UpdateSpec u = stateUpdate(expected, writeId)
        .set(UserState.LAST_VERIFIED_AT, now.toEpochMilli());
    clearAttempts(u, FailureKind.RECOVERY_CODE);
    List<TransactWriteItem> items = new ArrayList<>();
    if (removeFactor) {
      removeEveryMethod(u, expected, items);
    } else {
      u.deleteFromSet(UserState.RECOVERY_HASHES, AttributeValue.fromSs(List.of(hash)));
    }
    String hashes = u.name(UserState.RECOVERY_HASHES);
    u.require("contains(" + hashes + ", " + u.value(AttributeValue.fromS(hash)) + ")");
    u.require("size(" + hashes + ") = " + u.value(remaining));
    requireUnlocked(u, expected, FailureKind.RECOVERY_CODE, now);
    changeDevices(u, expected, devices, items);
    items.add(0, u.build(table));
    writer.write(items, effects);
  }

  @Override
  public void replacePendingEnrollment(PendingEnrollment pending, SideEffects effects) {
    writer.write(writer.put(pending.toItem(), false), effects);
  }

  @Override
  public void recordEnrollmentFailure(PendingEnrollment expected, int voidAt, String writeId,
      SideEffects effects) {
    int failures = expected.failures() + 1;
    UpdateSpec u = new UpdateSpec(Keys.enrollment(expected.userId()))
        .set(PendingEnrollment.LAST_WRITE_ID, AttributeValue.fromS(writeId));
    requirePending(u, expected);
    // At the limit the enrollment is void: deleted under the same condition, so exactly one
    // request voids it and a concurrent right code cannot confirm it afterwards.
    TransactWriteItem item = failures >= voidAt
        ? u.buildConditionalDelete(table)
        : u.set(PendingEnrollment.FAILURES, failures).build(table);
    writer.write(item, effects);
  }

  @Override
  public void completeEnrollment(UserState expected, PendingEnrollment pending, long step,
      RecoveryCodeSet newCodes, boolean newFactorVersion, Instant now, String writeId,
      SideEffects effects) {
    UpdateSpec state = stateUpdate(expected, writeId)
        .set("userId", AttributeValue.fromS(expected.userId()))
        .set(UserState.SECRET, AttributeValue.fromB(SdkBytes.fromByteArray(pending.secret())))
        .set(UserState.ENROLLED_AT, now.toEpochMilli())
        .set(UserState.LAST_STEP, step)
        .set(UserState.LAST_VERIFIED_AT, now.toEpochMilli());
    methodSetChange(state, expected, newCodes, newFactorVersion);
    UpdateSpec enrollment = new UpdateSpec(Keys.enrollment(expected.userId()));
    requirePending(enrollment, pending);
    writer.write(List.of(state.build(table), enrollment.buildConditionalDelete(table)), effects);
  }

  @Override
  public void replaceRecoveryCodes(UserState expected, RecoveryCodeSet codes, String writeId,
      SideEffects effects) {
    UpdateSpec u = stateUpdate(expected, writeId);
    setCodes(u, codes);
    requireCredentialCount(u, expected.credentialCount());
    if (!expected.hasTotp()) {
      u.require("attribute_not_exists(" + u.name(UserState.SECRET) + ")");
    } else {
      requireTotp(u);
    }
    writer.write(u.build(table), effects);
  }

  @Override
  public void removeFactor(UserState expected, String writeId, SideEffects effects) {
    UpdateSpec u = stateUpdate(expected, writeId)
        .set("userId", AttributeValue.fromS(expected.userId()));
    List<TransactWriteItem> items = new ArrayList<>();
    removeEveryMethod(u, expected, items);
    items.add(0, u.build(table));
    writer.write(items, effects);
  }

  @Override
  public void reset(UserState expected, String onlyMemberOf, String writeId,
      SideEffects effects) {
    UpdateSpec state = stateUpdate(expected, writeId)
        .set("userId", AttributeValue.fromS(expected.userId()));
    for (FailureKind kind : FailureKind.values()) {
      clearAttempts(state, kind);
    }
    List<TransactWriteItem> items = new ArrayList<>();
    removeEveryMethod(state, expected, items);
    items.add(0, state.build(table));
    if (onlyMemberOf != null) {
      // A membership recorded in another org meanwhile adds that org to the set and fails this.
      UpdateSpec orgs = new UpdateSpec(Keys.userOrgs(expected.userId()));
      String ids = orgs.name(Membership.ORG_IDS);
      orgs.require("attribute_not_exists(" + ids + ") OR (size(" + ids + ") = "
          + orgs.value(1) + " AND contains(" + ids + ", "
          + orgs.value(AttributeValue.fromS(onlyMemberOf)) + "))");
      items.add(orgs.buildConditionCheck(table));
    }
    writer.write(items, effects);
  }

  @Override
  public void removeTotp(UserState expected, String writeId, SideEffects effects) {
    UpdateSpec u = stateUpdate(expected, writeId)
        .set(UserState.FACTOR_VERSION, expected.factorVersion() + 1)
        .remove(UserState.SECRET, UserState.ENROLLED_AT, UserState.LAST_STEP);
    requireTotp(u);
    requireCredentialCount(u, expected.credentialCount());
    writer.write(List.of(u.build(table), writer.delete(Keys.enrollment(expected.userId()))),
        effects);
  }

  @Override
  public void replacePendingRegistration(PendingRegistration pending, SideEffects effects) {
    writer.write(writer.put(pending.toItem(), false), effects);
  }

  @Override
  public void useUpRegistration(PendingRegistration pending, SideEffects effects) {
    UpdateSpec u = new UpdateSpec(Keys.registration(pending.userId()));
    requireId(u, PendingRegistration.REGISTRATION_ID, pending.registrationId());
    writer.write(u.buildConditionalDelete(table), effects);
  }

  @Override
  public void completeRegistration(UserState expected, PendingRegistration pending,
      WebAuthnCredential credential, RecoveryCodeSet newCodes, boolean newFactorVersion,
      Instant now, String writeId, SideEffects effects) {
    Map<String, CredentialRef> after = new LinkedHashMap<>(expected.credentials());
    after.put(credential.key(), credential.ref());
    UpdateSpec state = stateUpdate(expected, writeId)
        .set("userId", AttributeValue.fromS(expected.userId()))
        .setIfAbsent(UserState.WEBAUTHN_USER_HANDLE,
            AttributeValue.fromB(SdkBytes.fromByteArray(pending.userHandle())))
        .set(UserState.LAST_VERIFIED_AT, now.toEpochMilli());
    requireCredentialCount(state, expected.credentialCount());
    setCredentials(state, after);
    methodSetChange(state, expected, newCodes, newFactorVersion);
    UpdateSpec registration = new UpdateSpec(Keys.registration(expected.userId()));
    requireId(registration, PendingRegistration.REGISTRATION_ID, pending.registrationId());
    Map<String, AttributeValue> owner = Items.withKey(
        Keys.CREDENTIAL_OWNER_PREFIX + credential.key(), Keys.OWNER);
    Items.put(owner, "userId", expected.userId());
    writer.write(List.of(state.build(table), registration.buildConditionalDelete(table),
        writer.put(credential.toItem(), true), writer.put(owner, true)), effects);
  }

  @Override
  public void replacePendingAssertion(PendingAssertion pending, SideEffects effects) {
    writer.write(writer.put(pending.toItem(), false), effects);
  }

  @Override
  public void acceptAssertion(UserState expected, PendingAssertion assertion,
      WebAuthnCredential credential, long signCount, boolean backedUp, Instant now,
      DeviceIndex devices, String writeId, SideEffects effects) {
    UpdateSpec state = stateUpdate(expected, writeId)
        .set(UserState.LAST_VERIFIED_AT, now.toEpochMilli());
    clearAttempts(state, FailureKind.WEBAUTHN);
    requireUnlocked(state, expected, FailureKind.WEBAUTHN, now);
    UpdateSpec used = new UpdateSpec(Keys.credential(expected.userId(), credential.key()))
        .set(WebAuthnCredential.SIGN_COUNT, signCount)
        .set(WebAuthnCredential.BACKED_UP, AttributeValue.fromBool(backedUp))
        .set(WebAuthnCredential.LAST_USED_AT, now.toEpochMilli());
    used.requireNumber(WebAuthnCredential.SIGN_COUNT, credential.signCount());
    List<TransactWriteItem> items = new ArrayList<>(List.of(useUp(assertion),
        used.build(table)));
    changeDevices(state, expected, devices, items);
    items.add(0, state.build(table));
    writer.write(items, effects);
  }

  @Override
  public void replaceDevices(UserState expected, DeviceIndex devices, String writeId,
      SideEffects effects) {
    UpdateSpec state = stateUpdate(expected, writeId);
    List<TransactWriteItem> items = new ArrayList<>();
    changeDevices(state, expected, devices, items);
    items.add(0, state.build(table));
    writer.write(items, effects);
  }

  @Override
  public void recordAssertionFailure(UserState expected, PendingAssertion assertion,
      Instant now, Instant lockUntil, String writeId, SideEffects effects) {
    writer.write(List.of(failure(expected, FailureKind.WEBAUTHN, now, lockUntil, writeId)
        .build(table), useUp(assertion)), effects);
  }

  @Override
  public List<WebAuthnCredential> credentials(String userId) {
    try {
      List<WebAuthnCredential> result = new ArrayList<>();
      dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
              .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
              .expressionAttributeNames(Map.of("#pk", TableDefinition.PK,
                  "#sk", TableDefinition.SK))
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.user(userId)),
                  ":prefix", AttributeValue.fromS(Keys.CREDENTIAL_PREFIX))))
          .items().forEach(item -> result.add(WebAuthnCredential.fromItem(item)));
      return result;
    } catch (SdkException e) {
      throw DynamoErrors.translate(e);
    }
  }

  @Override
  public void renameCredential(String userId, String credentialKey, String name,
      SideEffects effects) {
    UpdateSpec u = new UpdateSpec(Keys.credential(userId, credentialKey))
        .set(WebAuthnCredential.NAME, AttributeValue.fromS(name));
    u.require("attribute_exists(" + u.name(TableDefinition.PK) + ")");
    writer.write(u.build(table), effects);
  }

  @Override
  public void removeCredential(UserState expected, String credentialKey, String writeId,
      SideEffects effects) {
    Map<String, CredentialRef> after = new LinkedHashMap<>(expected.credentials());
    after.remove(credentialKey);
    UpdateSpec state = stateUpdate(expected, writeId)
        .set(UserState.FACTOR_VERSION, expected.factorVersion() + 1);
    requireCredentialCount(state, expected.credentialCount());
    setCredentials(state, after);
    UpdateSpec credential = new UpdateSpec(Keys.credential(expected.userId(), credentialKey));
    credential.require("attribute_exists(" + credential.name(TableDefinition.PK) + ")");
    writer.write(List.of(state.build(table), credential.buildConditionalDelete(table),
        writer.delete(Keys.credentialOwner(credentialKey))), effects);
  }

  /**
   * An update of the state item, conditional on the factor version that was read, stamped with
   * the attempt's write id.
   */
  private static UpdateSpec stateUpdate(UserState expected, String writeId) {
    return new UpdateSpec(Keys.userState(expected.userId()))
        .set(UserState.LAST_WRITE_ID, AttributeValue.fromS(writeId))
        .requireNumber(UserState.FACTOR_VERSION, expected.factorVersion());
  }

  /** One more failure of {@code kind}, under the count read; a lock from {@code lockUntil}. */
  private static UpdateSpec failure(UserState expected, FailureKind kind, Instant now,
      Instant lockUntil, String writeId) {
    UpdateSpec u = stateUpdate(expected, writeId)
        .set(kind.failuresAttribute(), expected.failures(kind) + 1L);
    if (lockUntil != null) {
      u.set(kind.lockedUntilAttribute(), lockUntil.toEpochMilli());
    }
    requireUnlocked(u, expected, kind, now);
    return u;
  }

  /** A success of {@code kind}: the count back to zero, no lock. */
  private static void clearAttempts(UpdateSpec u, FailureKind kind) {
    u.remove(kind.failuresAttribute(), kind.lockedUntilAttribute());
  }

  private static void requireTotp(UpdateSpec u) {
    u.require("attribute_exists(" + u.name(UserState.SECRET) + ")");
  }

  /** The user has exactly {@code count} WebAuthn credentials, as read. */
  private static void requireCredentialCount(UpdateSpec u, int count) {
    String n = u.name(UserState.CREDENTIALS);
    u.require(count == 0 ? "attribute_not_exists(" + n + ")"
        : "size(" + n + ") = " + u.value(count));
  }

  private static void setCredentials(UpdateSpec u, Map<String, CredentialRef> credentials) {
    if (credentials.isEmpty()) {
      u.remove(UserState.CREDENTIALS);
      return;
    }
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    credentials.forEach((key, ref) -> map.put(key, UserState.credentialRefValue(ref)));
    u.set(UserState.CREDENTIALS, AttributeValue.fromM(map));
  }

  /**
   * What adding a method does besides the method itself: a new code set and factor version for a
   * first factor or a replaced app, nothing for a method beside an active one.
   */
  private static void methodSetChange(UpdateSpec u, UserState expected,
      RecoveryCodeSet newCodes, boolean newFactorVersion) {
    if (newFactorVersion) {
      u.set(UserState.FACTOR_VERSION, expected.factorVersion() + 1);
    }
    if (newCodes != null) {
      setCodes(u, newCodes);
    }
  }

  /**
   * Removes every method (the app, every credential with its owner item), the codes, the pending
   * set-ups and assertion, and increases the factor version.
   */
  private void removeEveryMethod(UpdateSpec u, UserState expected,
      List<TransactWriteItem> items) {
    u.set(UserState.FACTOR_VERSION, expected.factorVersion() + 1)
        .remove(UserState.SECRET, UserState.ENROLLED_AT, UserState.LAST_STEP,
            UserState.RECOVERY_SALT, UserState.RECOVERY_HASHES, UserState.RECOVERY_ITERATIONS,
            UserState.CREDENTIALS);
    requireCredentialCount(u, expected.credentialCount());
    for (String key : expected.credentials().keySet()) {
      items.add(writer.delete(Keys.credential(expected.userId(), key)));
      items.add(writer.delete(Keys.credentialOwner(key)));
    }
    items.add(writer.delete(Keys.enrollment(expected.userId())));
    items.add(writer.delete(Keys.registration(expected.userId())));
    items.add(writer.delete(Keys.assertion(expected.userId())));
  }

  /**
   * Replaces the state's list of remembered devices with {@code after}, only if the list is
   * still the version read, and puts or deletes the device items that come or go with it.
   * Nothing when {@code after} is null.
   */
  private void changeDevices(UpdateSpec state, UserState expected, DeviceIndex after,
      List<TransactWriteItem> items) {
    if (after == null) {
      return;
    }
    DeviceIndex before = expected.devices();
    state.requireNumber(UserState.DEVICES_VERSION, before.version());
    state.set(UserState.DEVICES_VERSION, after.version());
    if (after.size() == 0) {
      state.remove(UserState.DEVICES);
    } else {
      Map<String, AttributeValue> entries = new HashMap<>();
      after.devices().forEach((hash, device) -> entries.put(hash, device.indexEntry()));
      state.set(UserState.DEVICES, AttributeValue.fromM(entries));
    }
    for (String hash : before.droppedIn(after)) {
      items.add(writer.delete(Keys.device(expected.userId(), hash)));
    }
    for (RememberedDevice added : before.addedIn(after)) {
      items.add(writer.put(added.toItem(), false));
    }
  }

  /**
   * The failure count is the one read (so concurrent failures are counted one by one, never
   * lost or doubled) and the kind is not in a timed lock. A permanent lock is a count at the
   * limit, which the caller checks before writing; the count condition keeps it exact.
   */
  private static void requireUnlocked(UpdateSpec u, UserState expected, FailureKind kind,
      Instant now) {
    u.requireNumber(kind.failuresAttribute(), expected.failures(kind));
    u.requireNotAfter(kind.lockedUntilAttribute(), now.toEpochMilli());
  }

  private static void requirePending(UpdateSpec u, PendingEnrollment expected) {
    requireId(u, PendingEnrollment.ENROLLMENT_ID, expected.enrollmentId());
    u.requireNumber(PendingEnrollment.FAILURES, expected.failures());
    if (expected.factorVersion() != null) {
      u.require(u.name(PendingEnrollment.FACTOR_VERSION) + " = "
          + u.value(expected.factorVersion()));
    }
  }

  private static void requireId(UpdateSpec u, String attribute, String expected) {
    u.require(u.name(attribute) + " = " + u.value(AttributeValue.fromS(expected)));
  }

  /** Deletes the pending assertion under its id: used up by exactly one verify. */
  private TransactWriteItem useUp(PendingAssertion assertion) {
    UpdateSpec u = new UpdateSpec(Keys.assertion(assertion.userId()));
    requireId(u, PendingAssertion.ASSERTION_ID, assertion.assertionId());
    return u.buildConditionalDelete(table);
  }

  private static void setCodes(UpdateSpec u, RecoveryCodeSet codes) {
    u.set(UserState.RECOVERY_SALT, AttributeValue.fromB(SdkBytes.fromByteArray(codes.salt())))
        .set(UserState.RECOVERY_ITERATIONS, codes.iterations())
        .set(UserState.RECOVERY_HASHES, Items.stringSetValue(codes.hashes()));
  }

  /**
   * One strongly consistent {@code BatchGetItem} (more only for over 100 keys or when DynamoDB
   * returns unprocessed keys), keyed by {@link #id}.
   */
  private Map<String, Map<String, AttributeValue>> batchGet(
      List<Map<String, AttributeValue>> keys) {
    Map<String, Map<String, AttributeValue>> found = new LinkedHashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> chunk =
          keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT));
      Map<String, KeysAndAttributes> request = Map.of(table,
          KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
      for (int attempt = 0; !request.isEmpty(); attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw new dev.keyfob.problem.DependencyUnavailableException("dynamodb", null);
        }
        if (attempt > 0) {
          Backoff.pause(attempt);
        }
        BatchGetItemResponse response;
        try {
          Map<String, KeysAndAttributes> current = request;
          response = dynamo.batchGetItem(b -> b.requestItems(current));
        } catch (SdkException e) {
          throw DynamoErrors.translate(e);
        }
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(table,
            List.of())) {
          found.put(id(item.get(TableDefinition.PK).s(), item.get(TableDefinition.SK).s()),
              item);
        }
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    }
    return found;
  }

  private static String id(String pk, String sk) {
    return pk + "\u0000" + sk;
  }
}
