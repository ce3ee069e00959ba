package dev.keyfob.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Lambda HTTP events and responses to and from the JSON of API Gateway payload format
 * 2.0, with the field names Lambda uses ({@code version}, {@code routeKey}, {@code rawPath},
 * {@code rawQueryString}, {@code cookies}, {@code headers}, {@code queryStringParameters},
 * {@code pathParameters}, {@code stageVariables}, {@code body}, {@code isBase64Encoded},
 * {@code requestContext}; responses: {@code statusCode}, {@code headers},
 * {@code multiValueHeaders}, {@code cookies}, {@code body}, {@code isBase64Encoded}).
 *
 * <p>Mapping is written out by hand over jackson-jr so the names are exactly these, whatever
 * getter names the event classes have. Unknown fields are ignored when reading. Stateless and
 * thread-safe.
 */
public final class EventJson {

  private EventJson() {}

  /** The event as a JSON object, null members included. */
  public static String eventToJson(APIGatewayV2HTTPEvent event) {
    return Json.write(eventToMap(event));
  }

  /** The event as nested maps and lists in payload-format-2.0 field order. */
  public static Map<String, Object> eventToMap(APIGatewayV2HTTPEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", event.getVersion());
    m.put("routeKey", event.getRouteKey());
    m.put("rawPath", event.getRawPath());
    m.put("rawQueryString", event.getRawQueryString());
    m.put("cookies", event.getCookies());
    m.put("headers", event.getHeaders());
    m.put("queryStringParameters", event.getQueryStringParameters());
    m.put("requestContext", contextToMap(event.getRequestContext()));
    m.put("body", event.getBody());
    m.put("pathParameters", event.getPathParameters());
    m.put("isBase64Encoded", event.getIsBase64Encoded());
    m.put("stageVariables", event.getStageVariables());
    return m;
  }

  /**
   * Reads an event such as {@code events/*.json} or the output of {@code sam local
   * generate-event apigateway http-api-proxy}.
   *
   * @throws IllegalArgumentException if the text is not a JSON object or a field has the wrong type
   */
  public static APIGatewayV2HTTPEvent eventFromJson(String json) {
    Map<String, Object> m = Json.parseObject(json);
    APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
    e.setVersion(string(m, "version"));
    e.setRouteKey(string(m, "routeKey"));
    e.setRawPath(string(m, "rawPath"));
    e.setRawQueryString(string(m, "rawQueryString"));
    e.setCookies(stringList(m, "cookies"));
    e.setHeaders(stringMap(m, "headers"));
    e.setQueryStringParameters(stringMap(m, "queryStringParameters"));
    e.setPathParameters(stringMap(m, "pathParameters"));
    e.setStageVariables(stringMap(m, "stageVariables"));
    e.setBody(string(m, "body"));
    e.setIsBase64Encoded(bool(m, "isBase64Encoded"));
    Map<String, Object> rc = object(m, "requestContext");
    e.setRequestContext(rc == null ? null : contextFromMap(rc));
    return e;
  }

  /** The response as a JSON object: statusCode, headers, multiValueHeaders, cookies, body, isBase64Encoded. */
  public static String responseToJson(APIGatewayV2HTTPResponse response) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statusCode", response.getStatusCode());
    m.put("headers", response.getHeaders());
    if (response.getMultiValueHeaders() != null) {
      m.put("multiValueHeaders", response.getMultiValueHeaders());
    }
    if (response.getCookies() != null) {
      m.put("cookies", response.getCookies());
    }
    m.put("body", response.getBody());
    m.put("isBase64Encoded", response.getIsBase64Encoded());
    return Json.write(m);
  }

  /**
   * Reads a response written by {@link #responseToJson}.
   *
   * @throws IllegalArgumentException if the text is not a JSON object or a field has the wrong type
   */
  public static APIGatewayV2HTTPResponse responseFromJson(String json) {
    Map<String, Object> m = Json.parseObject(json);
    APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
    Object status = m.get("statusCode");
    if (!(status instanceof Number n)) {
      throw new IllegalArgumentException("statusCode must be a number");
    }
    r.setStatusCode(n.intValue());
    r.setHeaders(stringMap(m, "headers"));
    Map<String, Object> multi = object(m, "multiValueHeaders");
    if (multi != null) {
      Map<String, List<String>> mv = new LinkedHashMap<>();
      for (String k : multi.keySet()) {
        mv.put(k, stringList(multi, k));
      }
      r.setMultiValueHeaders(mv);
    }
    r.setCookies(stringList(m, "cookies"));
    r.setBody(string(m, "body"));
    r.setIsBase64Encoded(bool(m, "isBase64Encoded"));
    return r;
  }

  private static Map<String, Object> contextToMap(RequestContext c) {
    if (c == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accountId", c.getAccountId());
    m.put("apiId", c.getApiId());
    if (c.getAuthorizer() != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      if (c.getAuthorizer().getJwt() != null) {
        Map<String, Object> jwt = new LinkedHashMap<>();
        jwt.put("claims", c.getAuthorizer().getJwt().getClaims());
        jwt.put("scopes", c.getAuthorizer().getJwt().getScopes());
        a.put("jwt", jwt);
      }
      if (c.getAuthorizer().getLambda() != null) {
        a.put("lambda", c.getAuthorizer().getLambda());
      }
      m.put("authorizer", a);
    }
    m.put("domainName", c.getDomainName());
    m.put("domainPrefix", c.getDomainPrefix());
    RequestContext.Http h = c.getHttp();
    if (h != null) {
      Map<String, Object> http = new LinkedHashMap<>();
      http.put("method", h.getMethod());
      http.put("path", h.getPath());
      http.put("protocol", h.getProtocol());
      http.put("sourceIp", h.getSourceIp());
      http.put("userAgent", h.getUserAgent());
      m.put("http", http);
    } else {
      m.put("http", null);
    }
    m.put("requestId", c.getRequestId());
    m.put("routeKey", c.getRouteKey());
    m.put("stage", c.getStage());
    m.put("time", c.getTime());
    m.put("timeEpoch", c.getTimeEpoch());
    return m;
  }

  private static RequestContext contextFromMap(Map<String, Object> m) {
    RequestContext c = new RequestContext();
    c.setAccountId(string(m, "accountId"));
    c.setApiId(string(m, "apiId"));
    c.setDomainName(string(m, "domainName"));
    c.setDomainPrefix(string(m, "domainPrefix"));
    c.setRequestId(string(m, "requestId"));
    c.setRouteKey(string(m, "routeKey"));
    c.setStage(string(m, "stage"));
    c.setTime(string(m, "time"));
    Object epoch = m.get("timeEpoch");
    if (epoch != null && !(epoch instanceof Number)) {
      throw new IllegalArgumentException("requestContext.timeEpoch must be a number");
    }
    c.setTimeEpoch(epoch == null ? 0 : ((Number) epoch).longValue());
    Map<String, Object> http = object(m, "http");
    if (http != null) {
      RequestContext.Http h = new RequestContext.Http();
      h.setMethod(string(http, "method"));
      h.setPath(string(http, "path"));
      h.setProtocol(string(http, "protocol"));
      h.setSourceIp(string(http, "sourceIp"));
      h.setUserAgent(string(http, "userAgent"));
      c.setHttp(h);
    }
    Map<String, Object> authorizer = object(m, "authorizer");
    if (authorizer != null) {
      RequestContext.Authorizer a = new RequestContext.Authorizer();
      Map<String, Object> jwt = object(authorizer, "jwt");
      if (jwt != null) {
        RequestContext.Authorizer.JWT j = new RequestContext.Authorizer.JWT();
        j.setClaims(stringMap(jwt, "claims"));
        j.setScopes(stringList(jwt, "scopes"));
        a.setJwt(j);
      }
      a.setLambda(object(authorizer, "lambda"));
      c.setAuthorizer(a);
    }
    return c;
  }

  private static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new IllegalArgumentException(key + " must be a string");
  }

  private static boolean bool(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    throw new IllegalArgumentException(key + " must be true or false");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null || v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw new IllegalArgumentException(key + " must be an object");
  }

  /** A map of strings; numbers and booleans are turned into their text, as headers would be. */
  private static Map<String, String> stringMap(Map<String, Object> m, String key) {
    Map<String, Object> o = object(m, key);
    if (o == null) {
      return null;
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : o.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map || v instanceof List) {
        throw new IllegalArgumentException(key + "." + e.getKey() + " must be a string");
      }
      result.put(e.getKey(), v == null ? null : v.toString());
    }
    return result;
  }

  private static List<String> stringList(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(key + " must be an array");
    }
    List<String> result = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(key + " must be an array of strings");
      }
      result.add(s);
    }
    return result;
  }
}
