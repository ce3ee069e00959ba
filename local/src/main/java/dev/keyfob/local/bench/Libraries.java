package dev.keyfob.local.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which library a class belongs to, by package, for the "above the floor" breakdown: the JDK's
 * areas, the AWS SDK's parts, and each third-party library on keyfob's classpath. Classes the
 * JVM makes at run time (lambda and method-handle classes) count for the package that made them.
 * Stateless.
 */
final class Libraries {

  /** What the Lambda Java runtime itself loads to hand the handler its event (RuntimeJar). */
  static final String RUNTIME = "Lambda runtime: invoker, event serializer";

  /** Prefix to library, most specific first. */
  private static final List<Map.Entry<String, String>> PREFIXES = List.of(
      Map.entry("dev.keyfob.local.", RUNTIME),
      Map.entry("com.amazonaws.services.lambda.runtime.serialization.", RUNTIME),
      Map.entry("com.amazonaws.lambda.thirdparty.", RUNTIME),
      Map.entry("dev.keyfob.", "keyfob"),
      Map.entry("com.webauthn4j.", "webauthn4j"),
      Map.entry("tools.jackson.", "Jackson 3 (webauthn4j)"),
      Map.entry("software.amazon.awssdk.services.dynamodb.", "AWS SDK: DynamoDB client"),
      Map.entry("software.amazon.awssdk.services.kms.", "AWS SDK: KMS client"),
      Map.entry("software.amazon.awssdk.http.urlconnection.", "AWS SDK: url-connection-client"),
      Map.entry("software.amazon.awssdk.thirdparty.", "AWS SDK: shaded jackson-core"),
      Map.entry("software.amazon.awssdk.", "AWS SDK: core, auth, regions, endpoints"),
      Map.entry("com.fasterxml.jackson.", "jackson-jr"),
      Map.entry("com.nimbusds.", "nimbus-jose-jwt"),
      Map.entry("com.amazonaws.services.lambda.", "Lambda event types"),
      Map.entry("org.joda.", "joda-time"),
      Map.entry("org.crac.", "org.crac"),
      Map.entry("org.slf4j.", "slf4j"),
      Map.entry("com.google.zxing.", "zxing"),
      Map.entry("java.lang.invoke.", "JDK: lambdas and method handles"),
      Map.entry("jdk.internal.reflect.", "JDK: reflection"),
      Map.entry("java.lang.reflect.", "JDK: reflection"),
      Map.entry("sun.reflect.", "JDK: reflection"),
      Map.entry("sun.security.ssl.", "JDK: TLS"),
      Map.entry("javax.net.ssl.", "JDK: TLS"),
      Map.entry("sun.security.", "JDK: security and crypto"),
      Map.entry("java.security.", "JDK: security and crypto"),
      Map.entry("javax.crypto.", "JDK: security and crypto"),
      Map.entry("com.sun.crypto.", "JDK: security and crypto"),
      Map.entry("java.net.", "JDK: networking"),
      Map.entry("sun.net.", "JDK: networking"),
      Map.entry("java.time.", "JDK: java.time"),
      Map.entry("java.util.concurrent.", "JDK: concurrency"),
      Map.entry("java.util.regex.", "JDK: regex"),
      Map.entry("java.", "JDK: other"),
      Map.entry("javax.", "JDK: other"),
      Map.entry("jdk.", "JDK: other"),
      Map.entry("sun.", "JDK: other"),
      Map.entry("com.sun.", "JDK: other"));

  private Libraries() {}

  /** The library of a fully qualified class name. */
  static String of(String className) {
    for (Map.Entry<String, String> e : PREFIXES) {
      if (className.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return className.indexOf('.') < 0 ? "the program itself" : "other";
  }

  /**
   * Classes per library in the output of {@code -Xlog:class+load}, whose lines look like
   * {@code [0.012s][info][class,load] java.lang.Object source: shared objects file}.
   */
  static Map<String, Integer> count(List<String> classLoadLog) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String line : classLoadLog) {
      int tags = line.indexOf("[class,load] ");
      if (tags < 0) {
        continue;
      }
      String rest = line.substring(tags + "[class,load] ".length());
      int space = rest.indexOf(' ');
      String name = space < 0 ? rest : rest.substring(0, space);
      counts.merge(of(name), 1, Integer::sum);
    }
    return counts;
  }
}
