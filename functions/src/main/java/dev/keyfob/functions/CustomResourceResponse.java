package dev.keyfob.functions;

import dev.keyfob.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a CloudFormation custom resource request: an HTTP {@code PUT} of the result document
 * to the request's pre-signed {@code ResponseURL}, with the content type left empty as the
 * signature expects. The physical resource id is fixed, so an {@code Update} never makes
 * CloudFormation delete and re-create the resource.
 */
class CustomResourceResponse {

  /** The physical id of keyfob's one custom resource. */
  static final String PHYSICAL_RESOURCE_ID = "keyfob-first-signing-key";

  /** Whether {@code event} is a custom resource request rather than a schedule or a hand call. */
  static boolean isCustomResourceEvent(Map<String, Object> event) {
    return event != null && event.get("RequestType") instanceof String
        && event.get("ResponseURL") instanceof String;
  }

  void succeed(Map<String, Object> event, Map<String, String> data) {
    send(event, "SUCCESS", null, data);
  }

  /** @param reason what went wrong, for the stack's events; never a secret */
  void fail(Map<String, Object> event, String reason) {
    send(event, "FAILED", reason, Map.of());
  }

  private void send(Map<String, Object> event, String status, String reason,
      Map<String, String> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Status", status);
    if (reason != null) {
      body.put("Reason", reason);
    }
    body.put("PhysicalResourceId", PHYSICAL_RESOURCE_ID);
    body.put("StackId", event.get("StackId"));
    body.put("RequestId", event.get("RequestId"));
    body.put("LogicalResourceId", event.get("LogicalResourceId"));
    body.put("Data", data);
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    try {
      HttpURLConnection put = (HttpURLConnection) URI.create((String) event.get("ResponseURL"))
          .toURL().openConnection();
      put.setRequestMethod("PUT");
      put.setDoOutput(true);
      put.setConnectTimeout(5_000);
      put.setReadTimeout(10_000);
      put.setRequestProperty("Content-Type", "");
      put.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = put.getOutputStream()) {
        out.write(bytes);
      }
      int code = put.getResponseCode();
      if (code / 100 != 2) {
        throw new IOException("CloudFormation's response URL answered " + code);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not answer CloudFormation", e);
    }
  }
}
