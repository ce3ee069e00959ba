package dev.keyfob.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the development identity provider should put in a token: the body of
 * {@code POST /dev/token}, or built in code with {@link #builder}.
 *
 * <p>Immutable. Values are not checked against keyfob's rules (an {@code orgId} with bad
 * characters, an unknown {@code role} or {@code amr}), so tests can mint tokens keyfob must
 * refuse; only the presence and JSON types of the fields are checked.
 *
 * @param sub user id ({@code sub})
 * @param email {@code email}; null for {@code <sub>@example.com}
 * @param orgId {@code org_id}
 * @param role {@code org_role}, normally {@code admin} or {@code member}
 * @param amr {@code amr}, e.g. {@code ["pwd"]}; may be empty
 * @param authTimeSecondsAgo how long before now {@code auth_time} lies; may be negative
 * @param pwdSet {@code pwd_set}, or null to leave the claim out
 * @param platformRole {@code platform_role}, or null to leave the claim out
 * @param expiresInSeconds {@code exp} minus {@code iat}; negative for an already expired token
 */
public record DevTokenRequest(
    String sub,
    String email,
    String orgId,
    String role,
    List<String> amr,
    long authTimeSecondsAgo,
    Boolean pwdSet,
    String platformRole,
    long expiresInSeconds) {

  /** Token lifetime when none is asked for, in seconds. */
  public static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;

  /** @throws IllegalArgumentException if sub, orgId or role is blank or amr is missing */
  public DevTokenRequest {
    requireText(sub, "sub");
    requireText(orgId, "orgId");
    requireText(role, "role");
    if (amr == null) {
      throw new IllegalArgumentException("amr is required: an array of strings such as [\"pwd\"]");
    }
    amr = List.copyOf(amr);
  }

  /** A builder for a token of {@code sub} in {@code orgId} with {@code role}. */
  public static Builder builder(String sub, String orgId, String role) {
    return new Builder(sub, orgId, role);
  }

  /** The email claim: the given one or {@code <sub>@example.com}. */
  public String emailOrDefault() {
    return email != null ? email : sub + "@example.com";
  }

  /**
   * Reads the JSON body of {@code POST /dev/token}; unknown fields are ignored.
   *
   * @throws IllegalArgumentException naming the first missing or mistyped field
   */
  static DevTokenRequest fromJson(Map<String, Object> m) {
    return new DevTokenRequest(
        text(m, "sub", true),
        text(m, "email", false),
        text(m, "orgId", true),
        text(m, "role", true),
        stringArray(m, "amr"),
        whole(m, "authTimeSecondsAgo", 0),
        bool(m, "pwdSet"),
        text(m, "platformRole", false),
        whole(m, "expiresInSeconds", DEFAULT_EXPIRES_IN_SECONDS));
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required and must be a non-empty string");
    }
  }

  private static String text(Map<String, Object> m, String name, boolean required) {
    Object v = m.get(name);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException(name + " is required and must be a non-empty string");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return s;
  }

  private static List<String> stringArray(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is required: an array of strings such as"
          + " [\"pwd\"]");
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(name + " must be an array of strings");
    }
    List<String> result = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(name + " must be an array of strings");
      }
      result.add(s);
    }
    return result;
  }

  private static long whole(Map<String, Object> m, String name, long fallback) {
    Object v = m.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new IllegalArgumentException(name + " must be a whole number of seconds");
  }

  private static Boolean bool(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw new IllegalArgumentException(name + " must be true or false");
  }

  /** Builds a {@link DevTokenRequest}; defaults as for {@code POST /dev/token}. Not thread-safe. */
  public static final class Builder {
    private final String sub;
    private final String orgId;
    private final String role;
    private String email;
    private List<String> amr = List.of("pwd");
    private long authTimeSecondsAgo;
    private Boolean pwdSet;
    private String platformRole;
    private long expiresInSeconds = DEFAULT_EXPIRES_IN_SECONDS;

    private Builder(String sub, String orgId, String role) {
      this.sub = sub;
      this.orgId = orgId;
      this.role = role;
    }

    public Builder email(String value) {
      this.email = value;
      return this;
    }

    /** The {@code amr} values; {@code ["pwd"]} unless set. */
    public Builder amr(String... values) {
      this.amr = List.of(values);
      return this;
    }

    public Builder authTimeSecondsAgo(long seconds) {
      this.authTimeSecondsAgo = seconds;
      return this;
    }

    public Builder pwdSet(Boolean value) {
      this.pwdSet = value;
      return this;
    }

    public Builder platformRole(String value) {
      this.platformRole = value;
      return this;
    }

    public Builder expiresInSeconds(long seconds) {
      this.expiresInSeconds = seconds;
      return this;
    }

    public DevTokenRequest build() {
      return new DevTokenRequest(sub, email, orgId, role, amr, authTimeSecondsAgo, pwdSet,
          platformRole, expiresInSeconds);
    }
  }
}
