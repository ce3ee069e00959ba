package dev.keyfob.local;

import java.util.Objects;

/**
 * A CloudFormation intrinsic function written with a YAML short-form tag, such as
 * {@code !Ref KeyfobApi} or {@code !Sub "arn:${AWS::Partition}:..."}, kept unevaluated.
 *
 * <p>The local API never evaluates intrinsics: wherever it needs a plain value (a path, a method,
 * a handler name) and finds one of these, it treats the value as absent or falls back to a
 * local default. Immutable.
 *
 * @param function the tag without its {@code !}, e.g. {@code Ref}, {@code GetAtt}, {@code Sub}
 * @param argument what the tag was applied to: a String, a List or a Map, as YAML gave it
 */
public record Intrinsic(String function, Object argument) {

  public Intrinsic {
    Objects.requireNonNull(function, "function");
  }

  @Override
  public String toString() {
    return "!" + function + " " + argument;
  }
}
