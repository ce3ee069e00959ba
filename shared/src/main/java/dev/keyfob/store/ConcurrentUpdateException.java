package dev.keyfob.store;

/**
 * A conditional write found the item changed since it was read (another request won a race, or
 * a transaction was in progress on it). Nothing was written. The caller reloads and decides
 * again; security state is never written without such a condition.
 */
public final class ConcurrentUpdateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConcurrentUpdateException() {
    super("the item changed since it was read", null, false, false);
  }
}
