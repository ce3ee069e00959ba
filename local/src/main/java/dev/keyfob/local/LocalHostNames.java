package dev.keyfob.local;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} headers the local API answers: {@code localhost}, {@code 127.0.0.1} or
 * {@code [::1]}, with no port or the server's own. A web page on another host name whose DNS an
 * attacker re-points at 127.0.0.1 (DNS rebinding) sends its own name, and so is refused before
 * it can mint development tokens or read anything.
 */
final class LocalHostNames {

  private static final Set<String> NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  private LocalHostNames() {}

  /** Whether exactly one {@code Host} header names a local host (case-insensitively). */
  static boolean accepts(List<String> hostHeaders, int port) {
    if (hostHeaders == null || hostHeaders.size() != 1) {
      return false;
    }
    String host = hostHeaders.get(0).trim().toLowerCase(Locale.ROOT);
    if (NAMES.contains(host)) {
      return true;
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 && NAMES.contains(host.substring(0, colon))
        && host.substring(colon + 1).equals(Integer.toString(port));
  }
}
