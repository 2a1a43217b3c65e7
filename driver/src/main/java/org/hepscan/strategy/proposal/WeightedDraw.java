package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;

/**
 * Indices drawn with replacement in proportion to non-negative weights, one uniform number
 * per draw, by a search of the running sums: what jump centres, SMOTE seeds, the union of
 * bounding ellipsoids and ml-nested's audits each need. A zero weight is never drawn.
 */
public final class WeightedDraw {
  private final double[] weight;
  private final double[] cumulative;
  /** The last index with a positive weight: where a number rounded up to the total lands. */
  private final int last;

  /** Weights below zero count as zero; their sum must be finite and positive. */
  public WeightedDraw(double[] weights) {
    weight = new double[weights.length];
    cumulative = new double[weights.length];
    double s = 0;
    int lastPositive = -1;
    for (int i = 0; i < weights.length; i++) {
      weight[i] = Math.max(0, weights[i]);
      s += weight[i];
      cumulative[i] = s;
      lastPositive = weight[i] > 0 ? i : lastPositive;
    }
    last = lastPositive;
    if (!(s > 0) || !Double.isFinite(s)) {
      throw new IllegalArgumentException("weights must be finite with a positive sum; got a sum of " + s);
    }
  }

  /** An index, with probability its weight over the total. */
  public int draw(SplittableRandom rng) {
    return indexOf(rng.nextDouble() * total());
  }

  /** The probability that one draw gives {@code i}. */
  public double probability(int i) {
    return weight[i] / total();
  }

  public double total() {
    return cumulative[cumulative.length - 1];
  }

  /** The first index whose running sum exceeds {@code u} (the last positive weight's for u at or beyond the total). */
  int indexOf(double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return Math.min(lo, last);
  }
}
