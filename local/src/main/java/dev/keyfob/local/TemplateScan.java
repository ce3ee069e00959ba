package dev.keyfob.local;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one function's {@code Handler} in a SAM template by reading lines, without a YAML parser,
 * so that {@code invoke} starts as lean as a Lambda runtime does. It understands the plain layout
 * {@code template.yaml} uses (a resource id at two spaces under {@code Resources:} and
 * {@code Handler:} inside its block); anything else falls back to {@link TemplateReader}.
 */
final class TemplateScan {

  private static final Pattern HANDLER =
      Pattern.compile("^\\s+Handler:\\s*[\"']?([A-Za-z0-9_.$]+)::([A-Za-z0-9_$]+)[\"']?\\s*$");

  private TemplateScan() {}

  static Optional<FunctionDef> handlerOf(String template, String logicalId) {
    String[] lines = template.split("\\R");
    boolean inResources = false;
    boolean inFunction = false;
    for (String line : lines) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        inResources = line.startsWith("Resources:");
        inFunction = false;
        continue;
      }
      if (!inResources) {
        continue;
      }
      if (line.startsWith("  ") && line.length() > 2 && !Character.isWhitespace(line.charAt(2))
          && !line.trim().startsWith("#")) {
        inFunction = line.trim().equals(logicalId + ":");
        continue;
      }
      if (inFunction) {
        Matcher m = HANDLER.matcher(line);
        if (m.matches()) {
          return Optional.of(new FunctionDef(logicalId, m.group(1), m.group(2),
              FunctionDef.DEFAULT_TIMEOUT_SECONDS, FunctionDef.DEFAULT_MEMORY_MB, List.of()));
        }
      }
    }
    return Optional.empty();
  }
}
