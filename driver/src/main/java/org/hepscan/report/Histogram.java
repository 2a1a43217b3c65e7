package org.hepscan.report;

import java.io.Serializable;

/**
 * Counts of values in fixed bins over [lo, hi], equal in width or, for a quantity a scan
 * samples on a log scale, in log(width); values outside are counted apart, so that a
 * caption can say how many the plot does not show instead of silently stretching the axis
 * to a few outliers.
 */
public final class Histogram implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double lo;
  private final double hi;
  private final boolean log;
  private final long[] counts;
  private long below;
  private long above;
  private double smallest = Double.POSITIVE_INFINITY;
  private double largest = Double.NEGATIVE_INFINITY;

  public Histogram(double lo, double hi, int bins, boolean log) {
    if (!(hi > lo) || bins < 1 || (log && !(lo > 0))) {
      throw new IllegalArgumentException("bad histogram range [" + lo + ", " + hi + "]" + (log ? " on a log scale" : "") + " with " + bins + " bins");
    }
    this.lo = lo;
    this.hi = hi;
    this.log = log;
    this.counts = new long[bins];
  }

  /** An empty histogram with the same bins. */
  public Histogram emptyCopy() {
    return new Histogram(lo, hi, counts.length, log);
  }

  public void add(double x) {
    if (Double.isNaN(x)) {
      return;
    }
    smallest = Math.min(smallest, x);
    largest = Math.max(largest, x);
    if (x < lo || (log && x <= 0)) {
      below++;
    } else if (x > hi) {
      above++;
    } else {
      double f = log ? Math.log(x / lo) / Math.log(hi / lo) : (x - lo) / (hi - lo);
      counts[Math.min(counts.length - 1, (int) (f * counts.length))]++;
    }
  }

  /** Adds the counts of {@code other} (same bins) into this one. */
  public Histogram merge(Histogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    below += other.below;
    above += other.above;
    smallest = Math.min(smallest, other.smallest);
    largest = Math.max(largest, other.largest);
    return this;
  }

  /** The smallest value added, in range or not; +infinity while none was. */
  public double smallest() {
    return smallest;
  }

  /** The largest value added; -infinity while none was. */
  public double largest() {
    return largest;
  }

  public int bins() {
    return counts.length;
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  public boolean log() {
    return log;
  }

  /** The lower edge of bin {@code i} ({@code i = bins()} gives the upper edge of the last). */
  public double edge(int i) {
    double f = (double) i / counts.length;
    return log ? lo * Math.pow(hi / lo, f) : lo + f * (hi - lo);
  }

  public long count(int i) {
    return counts[i];
  }

  public long inRange() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** Values below the range (and, on a log scale, values at or below zero). */
  public long below() {
    return below;
  }

  public long above() {
    return above;
  }
}
