package dev.keyfob.testkit.webauthn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code RegistrationResponseJSON} or {@code AuthenticationResponseJSON} (WebAuthn Level 3,
 * section 5.1) as a browser's {@code credential.toJSON()} would send it: binary members are
 * base64url without padding.
 *
 * <p>Immutable: {@link #with} and {@link #without} return a changed copy, so a test can take one
 * good response and derive every tampered variant from it. Member paths are dotted, e.g.
 * {@code "response.clientDataJSON"}.
 */
public final class CredentialJson {
  private final Map<String, Object> root;

  CredentialJson(Map<String, Object> root) {
    this.root = deepCopy(root);
  }

  /** A fresh, mutable deep copy, shaped like what jackson-jr's {@code JSON.std.mapFrom} gives. */
  public Map<String, Object> asMap() {
    return deepCopy(root);
  }

  /** The JSON text. */
  public String toJson() {
    return Encoding.json(root);
  }

  /** The member at a dotted path, or {@code null} when absent. */
  public Object get(String path) {
    Object node = root;
    for (String name : path.split("\\.")) {
      if (!(node instanceof Map)) {
        return null;
      }
      node = ((Map<?, ?>) node).get(name);
    }
    return node;
  }

  /** The member at a dotted path decoded from base64url. */
  public byte[] bytes(String path) {
    Object value = get(path);
    if (!(value instanceof String)) {
      throw new IllegalArgumentException("no base64url string at " + path);
    }
    return Encoding.fromBase64url((String) value);
  }

  /** A copy with the member at {@code path} set to {@code value} (byte arrays: base64url). */
  public CredentialJson with(String path, Object value) {
    Map<String, Object> copy = deepCopy(root);
    String[] names = path.split("\\.");
    Map<String, Object> parent = parentOf(copy, names);
    parent.put(names[names.length - 1],
        value instanceof byte[] bytes ? Encoding.base64url(bytes) : value);
    return new CredentialJson(copy);
  }

  /** A copy without the member at {@code path}. */
  public CredentialJson without(String path) {
    Map<String, Object> copy = deepCopy(root);
    String[] names = path.split("\\.");
    parentOf(copy, names).remove(names[names.length - 1]);
    return new CredentialJson(copy);
  }

  @Override
  public String toString() {
    return toJson();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parentOf(Map<String, Object> root, String[] names) {
    Map<String, Object> node = root;
    for (int i = 0; i < names.length - 1; i++) {
      Object child = node.get(names[i]);
      if (!(child instanceof Map)) {
        child = new LinkedHashMap<String, Object>();
        node.put(names[i], child);
      }
      node = (Map<String, Object>) child;
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) value).forEach((k, v) -> copy.put(k, deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      ((List<Object>) value).forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return value;
  }
}
