package dev.keyfob.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextCursor opaque value to pass back for the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }
}
