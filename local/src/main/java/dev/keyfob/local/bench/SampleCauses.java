package dev.keyfob.local.bench;

import java.util.List;

/**
 * The cause a CPU sample of a cold start is charged to, from its stack (innermost frame first):
 * a static initialiser (charged to the library of the innermost {@code <clinit>}), class loading
 * done in Java (class loaders, jar and zip reading, reflection), lambda and method-handle class
 * spinning, crypto, or else the library of the innermost frame outside the JDK, or the JDK
 * itself. The first that applies wins, in that order. Stateless.
 */
final class SampleCauses {

  /** One stack frame: the declaring class and the method name. */
  record Frame(String type, String method) {}

  private static final List<String> CLASS_LOADING = List.of("java.lang.ClassLoader",
      "jdk.internal.loader.", "java.util.zip.", "java.util.jar.", "sun.net.www.protocol.jar.",
      "java.lang.Class.forName", "java.security.SecureClassLoader", "java.net.URLClassLoader",
      "jdk.internal.reflect.", "java.lang.reflect.", "sun.reflect.");

  private static final List<String> CLASS_SPINNING = List.of("java.lang.invoke.",
      "jdk.internal.org.objectweb.asm.");

  private static final List<String> CRYPTO = List.of("java.security.", "javax.crypto.",
      "sun.security.", "com.sun.crypto.", "com.nimbusds.jose.crypto.");

  private SampleCauses() {}

  static String of(List<Frame> innermostFirst) {
    for (Frame f : innermostFirst) {
      if (f.method().equals("<clinit>")) {
        return "static initialisers: " + Libraries.of(f.type());
      }
    }
    if (any(innermostFirst, CLASS_LOADING)) {
      return "class loading in Java (loaders, jar reads, reflection)";
    }
    if (any(innermostFirst, CLASS_SPINNING)) {
      return "lambda and method-handle classes";
    }
    if (any(innermostFirst, CRYPTO)) {
      return "crypto";
    }
    for (Frame f : innermostFirst) {
      String library = Libraries.of(f.type());
      if (!library.startsWith("JDK")) {
        return "running " + library;
      }
    }
    return "running the JDK";
  }

  private static boolean any(List<Frame> frames, List<String> prefixes) {
    for (Frame f : frames) {
      String qualified = f.type() + "." + f.method();
      for (String p : prefixes) {
        if (qualified.startsWith(p)) {
          return true;
        }
      }
    }
    return false;
  }
}
