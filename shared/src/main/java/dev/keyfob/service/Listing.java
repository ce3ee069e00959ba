package dev.keyfob.service;

import java.util.List;

/**
 * One page of a listing as a route answers it.
 *
 * @param nextKey the key of the last item, to continue after for the next page; null on the last
 *     page
 */
public record Listing<T>(List<T> items, String nextKey) {

  public Listing {
    items = List.copyOf(items);
  }
}
