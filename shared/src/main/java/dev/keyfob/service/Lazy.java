package dev.keyfob.service;

import java.util.function.Supplier;

/**
 * A value built on first use and then kept; thread-safe. Lets a function pay at start-up only
 * for the collaborators its routes use.
 */
public final class Lazy<T> implements Supplier<T> {

  private final Supplier<T> factory;
  private volatile T value;

  private Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  public static <T> Lazy<T> of(Supplier<T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = factory.get();
          value = v;
        }
      }
    }
    return v;
  }

  /** Whether the value has been built. */
  public boolean built() {
    return value != null;
  }
}
