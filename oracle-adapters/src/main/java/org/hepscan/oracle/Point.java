package org.hepscan.oracle;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A point of parameter space sent to the oracle.
 *
 * <p>The id is unique within a scan and stable across resume, so a retried or resumed
 * evaluation is recognised as the same call. Values are physical values of all
 * parameters, in the order of the scan's {@code ParameterSpace}.
 */
public final class Point implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long id;
  private final int iteration;
  private final String origin;
  private final double[] values;

  public Point(long id, int iteration, String origin, double[] values) {
    this.id = id;
    this.iteration = iteration;
    this.origin = origin;
    this.values = values.clone();
  }

  public long id() {
    return id;
  }

  public int iteration() {
    return iteration;
  }

  /** How the point was chosen: random, proposed, mcmc, smote, hmc, flow, ... */
  public String origin() {
    return origin;
  }

  /** A copy of the physical values. */
  public double[] values() {
    return values.clone();
  }

  public double value(int index) {
    return values[index];
  }

  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Point p && p.id == id && p.iteration == iteration
        && p.origin.equals(origin) && Arrays.equals(p.values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Point#" + id + "(it " + iteration + ", " + origin + ", " + Arrays.toString(values) + ")";
  }
}
