package dev.keyfob.store;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The remembered devices a user's state lists, by token hash, and the version of that list. A
 * change of the list is conditional on the version read, so two sign-ins that remember a browser
 * at once cannot together keep more than the limit, and forgetting every device cannot be undone
 * by a sign-in that read the list before.
 *
 * @param devices by hash, oldest first
 * @param version how many times the list has been changed; 0 before the first
 */
public record DeviceIndex(Map<String, RememberedDevice> devices, long version) {

  public static final DeviceIndex EMPTY = new DeviceIndex(Map.of(), 0);

  public DeviceIndex {
    Map<String, RememberedDevice> ordered = new LinkedHashMap<>();
    devices.values().stream()
        .sorted(Comparator.comparing(RememberedDevice::createdAt)
            .thenComparing(RememberedDevice::hash))
        .forEach(d -> ordered.put(d.hash(), d));
    devices = Collections.unmodifiableMap(ordered);
  }

  public boolean contains(String hash) {
    return devices.containsKey(hash);
  }

  public int size() {
    return devices.size();
  }

  /** The next version of the list: {@code removed} taken out, {@code device} added. */
  public DeviceIndex with(RememberedDevice device, List<String> removed) {
    Map<String, RememberedDevice> next = new LinkedHashMap<>(devices);
    removed.forEach(next::remove);
    next.put(device.hash(), Objects.requireNonNull(device));
    return new DeviceIndex(next, version + 1);
  }

  /** An empty list, one version on. */
  public DeviceIndex cleared() {
    return new DeviceIndex(Map.of(), version + 1);
  }

  /** Hashes listed here and not in {@code after}. */
  List<String> droppedIn(DeviceIndex after) {
    return devices.keySet().stream().filter(h -> !after.contains(h)).toList();
  }

  /** Devices listed in {@code after} and not here. */
  List<RememberedDevice> addedIn(DeviceIndex after) {
    return after.devices.values().stream().filter(d -> !contains(d.hash())).toList();
  }
}
