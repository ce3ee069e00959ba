package dev.keyfob.webauthn;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The relying party keyfob is for WebAuthn: the origins allowed in {@code clientDataJSON}, the
 * RP ID and the RP name. Immutable and thread-safe; validated on construction with
 * {@link IllegalArgumentException}, so a bad deployment fails at start, not per request.
 *
 * <p>Rules (WebAuthn Level 3, section 5.1.3 and the RP ID definition): each origin is
 * {@code https://host[:port]}, or {@code http://} for {@code localhost} only (a secure context),
 * without path, query or fragment; the RP ID is each origin's host or a parent domain of it.
 */
public final class WebAuthnSettings {
  private final List<String> origins;
  private final String rpId;
  private final String rpName;

  /**
   * @param origins allowed origins, at least one
   * @param rpId    the RP ID, a host name without port
   * @param rpName  the name authenticators show, 1 to 64 characters
   */
  public WebAuthnSettings(List<String> origins, String rpId, String rpName) {
    Objects.requireNonNull(origins, "origins");
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("at least one WebAuthn origin is required");
    }
    this.rpId = Objects.requireNonNull(rpId, "rpId").toLowerCase(Locale.ROOT);
    if (this.rpId.isEmpty() || this.rpId.contains(":") || this.rpId.contains("/")) {
      throw new IllegalArgumentException("the RP ID is a host name without scheme or port");
    }
    List<String> normalized = new ArrayList<>();
    for (String origin : origins) {
      normalized.add(normalizeOrigin(origin, this.rpId));
    }
    this.origins = List.copyOf(normalized);
    this.rpName = Objects.requireNonNull(rpName, "rpName");
    if (rpName.isBlank() || rpName.length() > 64) {
      throw new IllegalArgumentException("the RP name is 1 to 64 characters");
    }
  }

  /**
   * The settings of {@code KEYFOB_WEBAUTHN_ORIGINS}, {@code KEYFOB_WEBAUTHN_RP_ID} and
   * {@code KEYFOB_WEBAUTHN_RP_NAME}, with the RP ID's default: the host of the first origin.
   *
   * @param rpId the RP ID, or null for the default
   * @throws IllegalArgumentException if there is no origin or any setting is malformed
   */
  public static WebAuthnSettings of(List<String> origins, String rpId, String rpName) {
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("KEYFOB_WEBAUTHN_ORIGINS must list at least one origin");
    }
    return new WebAuthnSettings(origins, rpId == null ? parse(origins.get(0)).getHost() : rpId,
        rpName);
  }

  /** The allowed origins, normalized ({@code scheme://host[:port]}, lower case). */
  public List<String> origins() {
    return origins;
  }

  /** The RP ID. */
  public String rpId() {
    return rpId;
  }

  /** The RP name. */
  public String rpName() {
    return rpName;
  }

  private static String normalizeOrigin(String origin, String rpId) {
    URI uri = parse(origin);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath();
    boolean bare = (path == null || path.isEmpty() || path.equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null
        && uri.getRawUserInfo() == null;
    if (host.isEmpty() || !bare) {
      throw new IllegalArgumentException("an origin is scheme://host[:port]: " + origin);
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && host.equals("localhost"))) {
      throw new IllegalArgumentException("an origin is https, or http on localhost: " + origin);
    }
    if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
      throw new IllegalArgumentException("the RP ID " + rpId + " is not " + host
          + " or a parent domain of it");
    }
    return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  private static URI parse(String origin) {
    try {
      return new URI(origin.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an origin: " + origin, e);
    }
  }

  @Override
  public String toString() {
    return "WebAuthnSettings[origins=" + origins + ", rpId=" + rpId + ", rpName=" + rpName + "]";
  }
}
