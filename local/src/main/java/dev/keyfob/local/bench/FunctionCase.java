package dev.keyfob.local.bench;

/**
 * One route whose cold first request the bench measures: the template function that serves it,
 * the status a success answers, and how to prepare the state and the event of one sample.
 *
 * @param key name in the JSON line's {@code functions} object
 * @param label name in the printed table
 * @param functionId logical id of the function in {@code template.yaml}
 * @param expectedStatus status of a successful first request
 * @param preparer makes the state one sample needs and returns its event; not timed
 */
record FunctionCase(String key, String label, String functionId, int expectedStatus,
    Preparer preparer) {

  /** Prepares one sample. */
  @FunctionalInterface
  interface Preparer {
    ApiEvent prepare(Preparation p) throws Exception;
  }
}
