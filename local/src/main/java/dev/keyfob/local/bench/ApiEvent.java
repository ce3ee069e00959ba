package dev.keyfob.local.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An API Gateway HTTP API (payload format 2.0) event for one route, as API Gateway would hand it
 * to a function: method, route key, raw path, path parameters, query, bearer token and body.
 *
 * @param method HTTP method
 * @param routeKey the template route, e.g. {@code GET /v1/orgs/{orgId}/members}
 * @param rawPath the path actually requested
 * @param pathParameters values of the route's {@code {name}} segments
 * @param rawQuery query string without {@code ?}, or empty
 * @param token bearer token, or null for none
 * @param body request body, or null for none
 */
record ApiEvent(String method, String routeKey, String rawPath,
    Map<String, String> pathParameters, String rawQuery, String token, String body) {

  /** An event for a route without path parameters or query. */
  static ApiEvent of(String method, String path, String token, String body) {
    return new ApiEvent(method, method + " " + path, path, Map.of(), "", token, body);
  }

  /** The event as JSON, in the shape {@code events/*.json} have. */
  String toJson() {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", method);
    http.put("path", rawPath);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", "keyfob-bench");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "123456789012");
    context.put("apiId", "local");
    context.put("http", http);
    context.put("requestId", UUID.randomUUID().toString());
    context.put("routeKey", routeKey);
    context.put("stage", "$default");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", rawPath);
    event.put("rawQueryString", rawQuery);
    event.put("headers", headers);
    if (!pathParameters.isEmpty()) {
      event.put("pathParameters", pathParameters);
    }
    if (!rawQuery.isEmpty()) {
      event.put("queryStringParameters", query(rawQuery));
    }
    event.put("requestContext", context);
    if (body != null) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    try {
      return JSON.std.asString(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return params;
  }
}
