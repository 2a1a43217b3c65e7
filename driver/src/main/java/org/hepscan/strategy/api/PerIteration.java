package org.hepscan.strategy.api;

import java.util.TreeMap;

/**
 * What a strategy noted of the batch it proposed, kept until that batch is reported: put
 * when batch k is proposed, taken once when k's metrics or columns are read. Taking k drops
 * anything older (batches proposed again after a resume never get reported).
 */
public final class PerIteration<T> {
  private final TreeMap<Integer, T> values = new TreeMap<>();

  public void put(int iteration, T value) {
    values.put(iteration, value);
  }

  /** The value of {@code iteration}, left in place; null when none was noted. */
  public T get(int iteration) {
    return values.get(iteration);
  }

  /** The value of {@code iteration}, removed with every older one; null when none was noted. */
  public T take(int iteration) {
    T v = values.remove(iteration);
    values.headMap(iteration).clear();
    return v;
  }
}
