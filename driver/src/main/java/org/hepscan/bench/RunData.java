package org.hepscan.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one run that the figures need, in id order (the order the oracle was
 * called): the in-target flag of every call, and the parameter values of the in-target
 * calls with their position among all calls.
 */
public final class RunData {
  private final boolean[] inTarget;
  private final int[] inTargetIndex;
  private final double[][] inTargetPoints;

  public RunData(boolean[] inTarget, List<double[]> pointsOfInTargetCalls) {
    this.inTarget = inTarget.clone();
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < inTarget.length; i++) {
      if (inTarget[i]) {
        idx.add(i);
      }
    }
    if (idx.size() != pointsOfInTargetCalls.size()) {
      throw new IllegalArgumentException(idx.size() + " in-target calls but " + pointsOfInTargetCalls.size() + " points");
    }
    this.inTargetIndex = idx.stream().mapToInt(Integer::intValue).toArray();
    this.inTargetPoints = pointsOfInTargetCalls.toArray(new double[0][]);
  }

  /** Accumulates rows in id order. */
  public static final class Builder {
    private boolean[] flags = new boolean[1024];
    private int n;
    private final List<double[]> points = new ArrayList<>();

    public Builder add(boolean in, double[] values) {
      if (n == flags.length) {
        flags = java.util.Arrays.copyOf(flags, n * 2);
      }
      flags[n++] = in;
      if (in) {
        points.add(values);
      }
      return this;
    }

    public RunData build() {
      return new RunData(java.util.Arrays.copyOf(flags, n), points);
    }
  }

  public long calls() {
    return inTarget.length;
  }

  public long inTarget() {
    return inTargetIndex.length;
  }

  /** In-target among the first {@code n} calls over {@code n}; null when the run made fewer than n calls. */
  public Double efficiencyAt(long n) {
    if (n <= 0 || calls() < n) {
      return null;
    }
    long in = 0;
    for (int i = 0; i < n; i++) {
      in += inTarget[i] ? 1 : 0;
    }
    return (double) in / n;
  }

  /** The parameter values of the in-target calls among the first {@code n}. */
  public List<double[]> inTargetAmongFirst(long n) {
    List<double[]> l = new ArrayList<>();
    for (int k = 0; k < inTargetIndex.length && inTargetIndex[k] < n; k++) {
      l.add(inTargetPoints[k]);
    }
    return l;
  }
}
