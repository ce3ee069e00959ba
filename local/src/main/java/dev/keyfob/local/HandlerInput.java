package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * The kind of event a handler takes, found the way the Lambda Java runtime finds it: the event's
 * bytes for a {@link RequestStreamHandler}, else the first type argument of the
 * {@link RequestHandler} its class implements, when the template names {@code handleRequest}. A
 * handler named by another method takes API Gateway v2 events (see {@link HandlerFactory}).
 *
 * <p>Stateless.
 */
enum HandlerInput {

  /**
   * A {@link RequestStreamHandler}, as every keyfob API function is: the event file's bytes as
   * they are, which for the API's functions are the HTTP API's payload format 2.0.
   */
  STREAM,

  /** {@code APIGatewayV2HTTPEvent}: the HTTP API's payload format 2.0, read by the runtime. */
  API_GATEWAY_V2,

  /**
   * {@code Map<String, Object>} (or a raw {@code RequestHandler}): any JSON object, such as the
   * event the rotation schedule sends or the {@code {}} of a manual {@code aws lambda invoke}.
   */
  JSON_OBJECT;

  /**
   * @throws IllegalStateException if the handler takes another type, which {@code invoke} cannot
   *     build from an event file
   */
  static HandlerInput of(Class<?> handlerClass, String handlerMethod) {
    if (handlerMethod.equals("handleRequest")
        && RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
      return STREAM;
    }
    if (!handlerMethod.equals("handleRequest")
        || !RequestHandler.class.isAssignableFrom(handlerClass)) {
      return API_GATEWAY_V2;
    }
    Type input = requestHandlerInput(handlerClass);
    Class<?> raw = input instanceof ParameterizedType p ? (Class<?>) p.getRawType()
        : input instanceof Class<?> c ? c : null;
    if (raw == APIGatewayV2HTTPEvent.class) {
      return API_GATEWAY_V2;
    }
    if (raw == Map.class || raw == Object.class) {
      return JSON_OBJECT;
    }
    throw new IllegalStateException(handlerClass.getName() + " takes " + input.getTypeName()
        + "; invoke builds API Gateway v2 events and JSON objects (Map) only");
  }

  /** The {@code I} of {@code RequestHandler<I, O>}, or Object for a raw or generic one. */
  private static Type requestHandlerInput(Class<?> handlerClass) {
    for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          Type argument = p.getActualTypeArguments()[0];
          return argument instanceof Class<?> || argument instanceof ParameterizedType
              ? argument : Object.class;
        }
      }
    }
    return Object.class;
  }
}
