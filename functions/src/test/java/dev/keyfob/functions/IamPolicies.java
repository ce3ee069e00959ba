package dev.keyfob.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides, as IAM would for the policies {@code template.yaml} declares, whether a function may
 * make one AWS request: its role's statements (SAM's {@code Policies}) for DynamoDB, and the KMS
 * key policy (with the role's statements, where the key policy delegates to the account) for
 * KMS. An explicit deny wins; without an allow the answer is deny. moto does not check IAM, so
 * this is where a missing or too broad permission shows.
 *
 * <p>It understands the parts of the policy language the template uses, and fails loudly on any
 * other condition operator, so a template change it cannot judge does not pass unnoticed.
 */
final class IamPolicies {

  /** Partition name in ARNs the template builds; any value works as long as it is the same. */
  private static final String ACCOUNT_ROOT = "account-root";

  /**
   * One request as IAM sees it.
   *
   * @param action e.g. {@code dynamodb:UpdateItem} (a transaction's items are separate requests)
   * @param resource {@code table}, {@code index/gsi1} or {@code key}
   * @param leadingKeys the partition keys a DynamoDB request touches
   * @param context the KMS encryption context, e.g. {@code keyfob:purpose}
   */
  record Request(String action, String resource, List<String> leadingKeys,
      Map<String, String> context) {}

  private final SamTemplate template;

  IamPolicies(SamTemplate template) {
    this.template = template;
  }

  /** Whether the function's role may make the request. */
  boolean allows(String functionId, Request request) {
    String role = functionId + "Role";
    if (request.action().startsWith("kms:")) {
      Decision byKey = decide(keyPolicy(), request, role);
      if (byKey == Decision.DENY) {
        return false;
      }
      if (byKey == Decision.ALLOW_FOR_ROLE) {
        return true;
      }
      // The key policy may delegate to the account's IAM policies.
      return byKey == Decision.ALLOW_FOR_ACCOUNT
          && decide(roleStatements(functionId), request, null) == Decision.ALLOW_FOR_ROLE;
    }
    return decide(roleStatements(functionId), request, null) == Decision.ALLOW_FOR_ROLE;
  }

  private enum Decision { DENY, ALLOW_FOR_ROLE, ALLOW_FOR_ACCOUNT, NONE }

  /**
   * @param role the role asking, when statements name principals (a key policy); null for a
   *     role's own statements
   */
  private Decision decide(List<Map<String, Object>> statements, Request request, String role) {
    Decision result = Decision.NONE;
    for (Map<String, Object> st : statements) {
      if (!actionMatches(st, request.action()) || !resourceMatches(st, request.resource())
          || !conditionsHold(st, request)) {
        continue;
      }
      Decision who = role == null ? Decision.ALLOW_FOR_ROLE : principal(st, role);
      if (who == Decision.NONE) {
        continue;
      }
      if ("Deny".equals(st.get("Effect"))) {
        return Decision.DENY;
      }
      if (result != Decision.ALLOW_FOR_ROLE) {
        result = who;
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Decision principal(Map<String, Object> st, String role) {
    Object principal = st.get("Principal");
    if ("*".equals(principal)) {
      return Decision.ALLOW_FOR_ROLE;
    }
    Object aws = ((Map<String, Object>) principal).get("AWS");
    for (Object p : aws instanceof List<?> list ? list : List.of(aws)) {
      String name = principalName(p);
      if (name.equals(role)) {
        return Decision.ALLOW_FOR_ROLE;
      }
      if (name.equals(ACCOUNT_ROOT)) {
        return Decision.ALLOW_FOR_ACCOUNT;
      }
    }
    return Decision.NONE;
  }

  /** {@code !GetAtt XRole.Arn} names role X; {@code !Sub ...:root} the account. */
  @SuppressWarnings("unchecked")
  private static String principalName(Object p) {
    if (p instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt")) {
      String ref = String.valueOf(m.get("Fn::GetAtt"));
      return ref.endsWith(".Arn") ? ref.substring(0, ref.length() - 4) : ref;
    }
    if (p instanceof Map<?, ?> m && m.containsKey("Fn::Sub")
        && String.valueOf(m.get("Fn::Sub")).endsWith(":root")) {
      return ACCOUNT_ROOT;
    }
    throw new IllegalArgumentException("principal not understood: " + p);
  }

  private static boolean actionMatches(Map<String, Object> st, String action) {
    if (st.containsKey("NotAction")) {
      return values(st.get("NotAction")).stream().noneMatch(a -> glob(a, action));
    }
    return values(st.get("Action")).stream().anyMatch(a -> glob(a, action));
  }

  private static boolean resourceMatches(Map<String, Object> st, String resource) {
    for (Object r : st.get("Resource") instanceof List<?> list ? list : List.of(st.get(
        "Resource"))) {
      String name = resourceName(r);
      if (name.equals("*") || name.equals(resource)) {
        return true;
      }
    }
    return false;
  }

  private static String resourceName(Object r) {
    if ("*".equals(r)) {
      return "*";
    }
    String text = String.valueOf(r);
    if (text.contains("KeyfobTable.Arn}/index/")) {
      return "index/" + text.substring(text.indexOf("/index/") + 7).replace("}", "");
    }
    if (text.contains("KeyfobTable.Arn") || text.contains("KeyfobTable, Arn")) {
      return "table";
    }
    if (text.contains("KeyfobKey")) {
      return "key";
    }
    throw new IllegalArgumentException("resource not understood: " + r);
  }

  @SuppressWarnings("unchecked")
  private static boolean conditionsHold(Map<String, Object> st, Request request) {
    Map<String, Object> conditions = (Map<String, Object>) st.getOrDefault("Condition", Map.of());
    for (Map.Entry<String, Object> op : conditions.entrySet()) {
      for (Map.Entry<String, Object> c : ((Map<String, Object>) op.getValue()).entrySet()) {
        List<String> expected = values(c.getValue());
        List<String> actual = contextValues(c.getKey(), request);
        if (!holds(op.getKey(), expected, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> contextValues(String key, Request request) {
    if (key.equals("dynamodb:LeadingKeys")) {
      return request.leadingKeys();
    }
    if (key.startsWith("kms:EncryptionContext:")) {
      String value = request.context().get(key.substring("kms:EncryptionContext:".length()));
      return value == null ? List.of() : List.of(value);
    }
    throw new IllegalArgumentException("condition key not understood: " + key);
  }

  private static boolean holds(String operator, List<String> expected, List<String> actual) {
    switch (operator) {
      case "StringEquals":
        return actual.size() == 1 && expected.contains(actual.get(0));
      case "StringLike":
        return actual.size() == 1 && expected.stream().anyMatch(e -> glob(e, actual.get(0)));
      case "ForAllValues:StringEquals":
        return actual.stream().allMatch(expected::contains);
      case "ForAllValues:StringLike":
        return actual.stream().allMatch(a -> expected.stream().anyMatch(e -> glob(e, a)));
      case "ForAnyValue:StringEquals":
        return actual.stream().anyMatch(expected::contains);
      case "ForAnyValue:StringLike":
        return actual.stream().anyMatch(a -> expected.stream().anyMatch(e -> glob(e, a)));
      case "Null":
        return Boolean.parseBoolean(expected.get(0)) == actual.isEmpty();
      default:
        throw new IllegalArgumentException("condition operator not understood: " + operator);
    }
  }

  /** IAM's wildcards: {@code *} any run of characters, {@code ?} one. */
  private static boolean glob(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return value.matches(regex.toString());
  }

  @SuppressWarnings("unchecked")
  private static List<String> values(Object v) {
    List<String> out = new ArrayList<>();
    for (Object o : v instanceof List<?> list ? list : List.of(v)) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> roleStatements(String functionId) {
    Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) template.resources()
        .get(functionId)).get("Properties");
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : (List<Object>) props.getOrDefault("Policies", List.of())) {
      if (policy instanceof Map<?, ?> map && map.containsKey("Statement")) {
        statements.addAll((List<Map<String, Object>>) map.get("Statement"));
      } else {
        throw new IllegalArgumentException("policy not understood: " + policy);
      }
    }
    return statements;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> keyPolicy() {
    Map<String, Object> key = (Map<String, Object>) template.resources().get("KeyfobKey");
    Map<String, Object> policy = (Map<String, Object>) ((Map<String, Object>) key
        .get("Properties")).get("KeyPolicy");
    return (List<Map<String, Object>>) policy.get("Statement");
  }
}
