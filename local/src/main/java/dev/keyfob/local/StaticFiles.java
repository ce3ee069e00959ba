package dev.keyfob.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the static web app from a directory: {@code /} and any directory path answer its
 * {@code index.html}; files get a content type by extension and {@code Cache-Control: no-store}.
 *
 * <p>Nothing outside the root is ever served: paths with {@code .} or {@code ..} segments (also
 * percent-encoded), backslashes or NUL are refused by {@link #isCanonical} before any lookup,
 * and the file found must still lie under the root once symbolic links are resolved.
 *
 * <p>Thread-safe.
 */
final class StaticFiles {

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("webmanifest", "application/manifest+json"));

  private final Path root;

  /** @param root the web root; must be an existing directory */
  public StaticFiles(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("web root " + root + " does not exist", e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new IllegalArgumentException("web root " + root + " is not a directory");
    }
  }

  /** The web root, with symbolic links resolved. */
  public Path root() {
    return root;
  }

  /**
   * Whether a raw request path is safe to route at all: once percent-decoded it has no
   * {@code .} or {@code ..} segment, no backslash and no NUL.
   */
  public static boolean isCanonical(String rawPath) {
    String decoded;
    try {
      decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
    if (decoded.indexOf('\\') >= 0 || decoded.indexOf('\0') >= 0) {
      return false;
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /**
   * The file for a request path, if it exists under the root: {@code GET /} is
   * {@code index.html}, a directory is its {@code index.html}.
   */
  public Optional<LocalResponse> serve(String rawPath, boolean head) {
    if (!isCanonical(rawPath)) {
      return Optional.empty();
    }
    String decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    String relative = decoded.replaceFirst("^/+", "");
    Path file;
    try {
      file = root.resolve(relative).normalize();
    } catch (InvalidPathException bad) {
      return Optional.empty();
    }
    if (!file.startsWith(root)) {
      return Optional.empty();
    }
    if (Files.isDirectory(file)) {
      file = file.resolve("index.html");
    }
    try {
      if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(root)) {
        return Optional.empty();
      }
      byte[] body = head ? new byte[0] : Files.readAllBytes(file);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      headers.put("Content-Type", List.of(contentType(file)));
      headers.put("Cache-Control", List.of("no-store"));
      headers.put("X-Content-Type-Options", List.of("nosniff"));
      return Optional.of(new LocalResponse(200, headers, body));
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  /** Content type by file extension; {@code application/octet-stream} when unknown. */
  static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }
}
