package dev.keyfob.functions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Records the IAM actions the SDK calls of a test need, as IAM evaluates them: a
 * {@code TransactWriteItems} needs the action of each item it holds.
 */
final class IamActionRecorder implements ExecutionInterceptor {

  private final Set<String> actions = ConcurrentHashMap.newKeySet();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String prefix = service.equals("DynamoDb") ? "dynamodb:" : service.toLowerCase() + ":";
    if (context.request() instanceof TransactWriteItemsRequest transaction) {
      for (TransactWriteItem item : transaction.transactItems()) {
        actions.add(prefix + (item.put() != null ? "PutItem" : item.update() != null
            ? "UpdateItem" : item.delete() != null ? "DeleteItem" : "ConditionCheckItem"));
      }
    } else {
      actions.add(prefix + operation);
    }
  }

  void reset() {
    actions.clear();
  }

  Set<String> actions() {
    return Set.copyOf(actions);
  }
}
