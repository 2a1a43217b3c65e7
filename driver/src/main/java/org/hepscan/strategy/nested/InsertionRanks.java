package org.hepscan.strategy.nested;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The insertion-rank check of a nested sampling run (Fowlie, Handley and Su 2020, "Nested
 * sampling cross-checks using order statistics"): a replacement drawn as nested sampling
 * requires, uniformly above the threshold, falls at a uniform rank among the survivors'
 * likelihoods. The ranks, as shares of the ranks possible, are counted in bins (what a
 * checkpoint keeps), and {@link #pValue} is their Kolmogorov-Smirnov p-value against the
 * uniform law.
 */
public final class InsertionRanks {
  /** Bins of the ranks: fine enough that the KS distance read at their edges is the ranks' own at 500 live points. */
  static final int BINS = 1000;
  private final long[] bins = new long[BINS];
  private long count;

  /**
   * Counts the rank of a replacement of log-likelihood {@code logL} among the survivors'
   * {@code sorted} ones (ties count half below): uniform on the {@code sorted.length + 1}
   * ranks possible for a sound replacement.
   */
  public void add(double[] sorted, double logL) {
    int m = sorted.length;
    double rank = (lowerBound(sorted, logL, false) + lowerBound(sorted, logL, true)) / 2.0;
    int bin = (int) ((rank + 0.5) / (m + 1) * BINS);
    bins[Math.min(BINS - 1, Math.max(0, bin))]++;
    count++;
  }

  public long count() {
    return count;
  }

  /**
   * The Kolmogorov-Smirnov p-value of the ranks against the uniform law, from the distance at
   * the bins' edges and Stephens' approximation of its distribution; NaN before any rank.
   */
  public double pValue() {
    if (count == 0) {
      return Double.NaN;
    }
    double d = 0;
    long cumulative = 0;
    for (int b = 0; b < BINS; b++) {
      cumulative += bins[b];
      d = Math.max(d, Math.abs(cumulative / (double) count - (b + 1.0) / BINS));
    }
    double root = Math.sqrt(count);
    double t = (root + 0.12 + 0.11 / root) * d;
    return Math.min(1, Math.max(0, 1 - new KolmogorovSmirnovTest().ksSum(t, 1e-12, 100_000)));
  }

  /** The bins, for a checkpoint. */
  public ArrayNode toJson() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (long c : bins) {
      a.add(c);
    }
    return a;
  }

  /** Restores the bins of {@link #toJson}; null (a checkpoint from before the check) starts the count afresh. */
  public void read(JsonNode a) {
    Arrays.fill(bins, 0);
    count = 0;
    if (a == null) {
      return;
    }
    for (int b = 0; b < BINS; b++) {
      bins[b] = a.get(b).longValue();
      count += bins[b];
    }
  }

  /** The number of sorted values below {@code x} (or, with {@code orEqual}, not above it). */
  private static int lowerBound(double[] sorted, double x, boolean orEqual) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x || (orEqual && sorted[mid] == x)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
