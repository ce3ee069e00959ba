package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.keyfob.app.KeyfobApp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds handler instances for template functions by reflection, through each handler's public
 * constructor taking a {@link KeyfobApp}, so every handler shares one set of settings, AWS
 * clients and clock. Each handler class is instantiated at most once, even when several
 * functions name it.
 *
 * <p>Handlers are invoked as the Lambda Java runtime invokes them: when the template names
 * {@code handleRequest} on a {@link RequestStreamHandler} (every keyfob function), it gets the
 * event's bytes as they are and what it writes is the response; on a {@link RequestHandler}, or
 * for a public method of another name taking {@code (APIGatewayV2HTTPEvent, Context)} or
 * {@code (APIGatewayV2HTTPEvent)}, the event is what the runtime's serializer makes of the bytes
 * ({@link RuntimeSerializer}) and the response is serialised the same way.
 *
 * <p>Thread-safe.
 */
public final class HandlerFactory {

  private final KeyfobApp app;
  private final ClassLoader loader;
  private final Map<String, Object> instances = new HashMap<>();

  /**
   * @param app passed to every handler constructor
   * @param loader where handler classes are looked up
   */
  public HandlerFactory(KeyfobApp app, ClassLoader loader) {
    this.app = Objects.requireNonNull(app, "app");
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * The invocable handler of a function, constructing its class on first use.
   *
   * @throws IllegalStateException if the class or method is missing or the constructor throws;
   *     the message names the function and the class
   */
  public synchronized LambdaFunction create(FunctionDef function) {
    return bind(function, handler(function));
  }

  /**
   * The handler instance of a function, constructing its class on first use, for callers that
   * pass it events of another type than API Gateway's ({@link HandlerInput}).
   *
   * @throws IllegalStateException as {@link #create}
   */
  public synchronized Object handler(FunctionDef function) {
    Object instance = instances.get(function.handlerClass());
    if (instance == null) {
      instance = instantiate(function);
      instances.put(function.handlerClass(), instance);
    }
    return instance;
  }

  private Object instantiate(FunctionDef function) {
    String where = "function " + function.logicalId() + ": handler class "
        + function.handlerClass();
    Class<?> type;
    try {
      type = Class.forName(function.handlerClass(), true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(where + " is not on the classpath", e);
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor(KeyfobApp.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(where + " has no public constructor taking a KeyfobApp", e);
    }
    try {
      Object handler = constructor.newInstance(app);
      if (handler instanceof dev.keyfob.functions.ApiGatewayHandler api) {
        api.prepare(); // as the Lambda constructor does: load what the first request needs
      }
      return handler;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(where + " failed to construct: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(where + " cannot be constructed: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static LambdaFunction bind(FunctionDef function, Object instance) {
    boolean handleRequest = function.handlerMethod().equals("handleRequest");
    if (handleRequest && instance instanceof RequestStreamHandler handler) {
      return (event, context) -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
          handler.handleRequest(new ByteArrayInputStream(event), out, context);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return out.toByteArray();
      };
    }
    if (handleRequest && instance instanceof RequestHandler) {
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
          (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) instance;
      return pojo(handler::handleRequest);
    }
    Method method = findMethod(instance.getClass(), function.handlerMethod());
    if (method == null) {
      throw new IllegalStateException("function " + function.logicalId() + ": "
          + function.handlerClass() + " has no public method " + function.handlerMethod()
          + "(APIGatewayV2HTTPEvent[, Context]) returning APIGatewayV2HTTPResponse");
    }
    boolean withContext = method.getParameterCount() == 2;
    return pojo((event, context) -> {
      try {
        Object result = withContext
            ? method.invoke(instance, event, context)
            : method.invoke(instance, event);
        return (APIGatewayV2HTTPResponse) result;
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("handler threw a checked exception", cause);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("handler method not accessible", e);
      }
    });
  }

  /** A handler of API Gateway events, behind the runtime's serializer in both directions. */
  private interface PojoHandler {
    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context);
  }

  private static LambdaFunction pojo(PojoHandler handler) {
    return (event, context) -> {
      APIGatewayV2HTTPResponse response = handler.handle(RuntimeSerializer.fromJson(
          new String(event, StandardCharsets.UTF_8), APIGatewayV2HTTPEvent.class), context);
      return response == null ? null
          : RuntimeSerializer.toJson(response).getBytes(StandardCharsets.UTF_8);
    };
  }

  private static Method findMethod(Class<?> type, String name) {
    for (Method m : type.getMethods()) {
      if (!m.getName().equals(name) || Modifier.isStatic(m.getModifiers())
          || !APIGatewayV2HTTPResponse.class.isAssignableFrom(m.getReturnType())) {
        continue;
      }
      Class<?>[] p = m.getParameterTypes();
      if (p.length == 2 && p[0] == APIGatewayV2HTTPEvent.class && p[1] == Context.class) {
        return m;
      }
      if (p.length == 1 && p[0] == APIGatewayV2HTTPEvent.class) {
        return m;
      }
    }
    return null;
  }
}
