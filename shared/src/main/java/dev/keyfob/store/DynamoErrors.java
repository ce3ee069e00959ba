package dev.keyfob.store;

import dev.keyfob.problem.DependencyUnavailableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Translates DynamoDB SDK errors at the storage boundary: lost races become
 * {@link ConcurrentUpdateException}; an unreachable, slow, throttling or missing table becomes
 * {@link DependencyUnavailableException} (503). Anything else is a programming error and is
 * rethrown as is.
 */
final class DynamoErrors {

  private DynamoErrors() {}

  static RuntimeException translate(SdkException e) {
    if (e instanceof ConditionalCheckFailedException
        || e instanceof TransactionConflictException) {
      return new ConcurrentUpdateException();
    }
    if (e instanceof TransactionCanceledException canceled) {
      return translateCancellation(canceled);
    }
    if (e instanceof SdkClientException || e.retryable()) {
      return new DependencyUnavailableException("dynamodb", e);
    }
    if (e instanceof ResourceNotFoundException) {
      return new DependencyUnavailableException("dynamodb", e);
    }
    if (e instanceof DynamoDbException service) {
      int status = service.statusCode();
      if (status >= 500 || service.isThrottlingException()) {
        return new DependencyUnavailableException("dynamodb", e);
      }
    }
    return e;
  }

  private static RuntimeException translateCancellation(TransactionCanceledException e) {
    boolean conflict = false;
    for (CancellationReason reason : e.cancellationReasons()) {
      String code = reason.code();
      if (code == null || "None".equals(code)) {
        continue;
      }
      if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)) {
        conflict = true;
      } else if ("ValidationError".equals(code)) {
        return e;
      } else {
        return new DependencyUnavailableException("dynamodb", e);
      }
    }
    return conflict ? new ConcurrentUpdateException()
        : new DependencyUnavailableException("dynamodb", e);
  }
}
