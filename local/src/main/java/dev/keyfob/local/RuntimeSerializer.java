package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Handler inputs and outputs to and from JSON the way the Lambda Java runtime does it, with its
 * own serializer ({@code com.amazonaws:aws-lambda-java-serialization}) and its choice of
 * serializer per type: the event classes that library knows get their mix-ins, every other type
 * (such as {@code APIGatewayV2HTTPEvent} and its response) plain Jackson. So {@code invoke} hands a
 * handler exactly the object Lambda would make of the same JSON, and prints what Lambda would.
 *
 * <p>Stateless and thread-safe.
 */
public final class RuntimeSerializer {

  private static final ClassValue<PojoSerializer<?>> SERIALIZERS = new ClassValue<>() {
    @Override
    protected PojoSerializer<?> computeValue(Class<?> type) {
      return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
          ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
          : JacksonFactory.getInstance().getSerializer(type);
    }
  };

  private RuntimeSerializer() {}

  /**
   * Reads {@code json} as the runtime would for a handler taking {@code type}. Like the runtime
   * it ignores unknown members and turns scalars into strings where strings are expected.
   *
   * @throws IllegalArgumentException if the runtime could not read it, saying where
   */
  public static <T> T fromJson(String json, Class<T> type) {
    try {
      return serializer(type).fromJson(json);
    } catch (UncheckedIOException e) {
      // Jackson's message says what and where over several lines; one line reads better.
      throw new IllegalArgumentException(e.getCause().getMessage().lines()
          .map(String::strip).collect(Collectors.joining(" ")), e);
    }
  }

  /** {@code value} as the JSON the runtime would return for it (null members left out). */
  @SuppressWarnings("unchecked")
  public static String toJson(Object value) {
    PojoSerializer<Object> serializer = (PojoSerializer<Object>) serializer(value.getClass());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.toJson(value, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static <T> PojoSerializer<T> serializer(Class<T> type) {
    return (PojoSerializer<T>) SERIALIZERS.get(type);
  }
}
