package org.hepscan.surrogate.param;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checked hyperparameter values by key, in declaration order: plain Java values (Integer,
 * Double, Boolean, String, List of Integer), so that they travel in Spark closures, print
 * as a spec's description and are stored as they are in a model's envelope.
 */
public final class ParamValues implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, Object> values;

  ParamValues(Map<String, Object> values) {
    this.values = new LinkedHashMap<>(values);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Param<T> p) {
    Object v = values.get(p.name());
    if (v == null && !values.containsKey(p.name())) {
      throw new IllegalArgumentException("no hyperparameter " + p.name() + " here");
    }
    return (T) v;
  }

  /** Every value by key, in declaration order. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** These values with {@code p} set to {@code v} (unchecked: check the result's map with the ParamSet). */
  public <T> Map<String, Object> with(Param<T> p, T v) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.put(p.name(), v);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamValues v && values.equals(v.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
