package dev.keyfob.local.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /dev/token}, the local API's development identity provider (contract,
 * "Local mode only"). Defaults: a member signed in with a password just now, token valid an hour.
 */
public final class DevToken {

  private final Map<String, Object> fields = new LinkedHashMap<>();

  private DevToken(String sub, String orgId, String role) {
    fields.put("sub", sub);
    fields.put("orgId", orgId);
    fields.put("role", role);
    fields.put("amr", List.of("pwd"));
  }

  public static DevToken member(String sub, String orgId) {
    return new DevToken(sub, orgId, "member");
  }

  public static DevToken admin(String sub, String orgId) {
    return new DevToken(sub, orgId, "admin");
  }

  public DevToken email(String email) {
    fields.put("email", email);
    return this;
  }

  public DevToken amr(String... values) {
    fields.put("amr", List.of(values));
    return this;
  }

  public DevToken authTimeSecondsAgo(long seconds) {
    fields.put("authTimeSecondsAgo", seconds);
    return this;
  }

  public DevToken pwdSet(boolean value) {
    fields.put("pwdSet", value);
    return this;
  }

  public DevToken support() {
    return platformRole("support");
  }

  public DevToken platformRole(String role) {
    fields.put("platformRole", role);
    return this;
  }

  public DevToken expiresInSeconds(long seconds) {
    fields.put("expiresInSeconds", seconds);
    return this;
  }

  Map<String, Object> body() {
    return Map.copyOf(fields);
  }
}
