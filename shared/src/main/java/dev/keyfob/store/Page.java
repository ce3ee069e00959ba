package dev.keyfob.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextKey the key to continue after for the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextKey) {

  public Page {
    items = List.copyOf(items);
  }
}
