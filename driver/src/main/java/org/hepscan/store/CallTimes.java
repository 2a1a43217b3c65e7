package org.hepscan.store;

import java.util.Arrays;

/**
 * How long the oracle calls of a batch took where they ran, in seconds: the sum (the
 * executors' busy time) and the distribution (nearest-rank percentiles, so each figure is a
 * call that happened). Calls the driver answered itself (a derived parameter without a
 * value) ran nowhere and are left out.
 */
public record CallTimes(long calls, double sum, double min, double median, double p90, double max) {
  public static final CallTimes NONE = new CallTimes(0, 0, 0, 0, 0, 0);

  public static CallTimes of(double[] seconds) {
    double[] s = Arrays.stream(seconds).filter(Double::isFinite).sorted().toArray();
    if (s.length == 0) {
      return NONE;
    }
    double sum = 0;
    for (double v : s) {
      sum += v;
    }
    return new CallTimes(s.length, sum, s[0], rank(s, 0.5), rank(s, 0.9), s[s.length - 1]);
  }

  /** The smallest value with at least a fraction {@code q} of the values at or below it. */
  static double rank(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
