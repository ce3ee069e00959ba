package dev.keyfob.http;

/** One route's behaviour: request in, response out; problems are thrown as exceptions. */
@FunctionalInterface
public interface Endpoint {
  ApiResponse handle(ApiRequest request);
}
