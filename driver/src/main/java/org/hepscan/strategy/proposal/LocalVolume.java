package org.hepscan.strategy.proposal;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The volume around a point that a set of reference points leaves to it: the distance to
 * its k-th nearest reference point, to the power d. It is the inverse of a k-nearest-neighbour
 * density estimate, so drawing points with these weights fills in where the reference set
 * is thin: SMOTE's sparse seeds and DNNC's sparse inside picks use it to keep a region
 * found late from staying short of points for the rest of the scan.
 *
 * <p>Neighbours are found by brute force, in parallel over the queries: callers bound the
 * queries (a few thousand), and a tree buys little in the dimensions of a real model.
 */
final class LocalVolume {
  private LocalVolume() {
  }

  /**
   * (distance from each query to its k-th nearest row of {@code reference})^d, in unit-cube
   * coordinates; with {@code self}, the queries are the reference rows and each skips
   * itself. {@code k} is clamped to the rows available; none available gives all ones.
   */
  static double[] of(double[][] queries, double[][] reference, int k, boolean self) {
    double[] r = distances(queries, reference, k, self);
    if (r == null) {
      double[] w = new double[queries.length];
      Arrays.fill(w, 1.0);
      return w;
    }
    int d = queries[0].length;
    double[] w = new double[queries.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.pow(r[i], d);
    }
    return w;
  }

  /**
   * The distance from each query to its k-th nearest row of {@code reference} (unit-cube
   * coordinates; with {@code self} each query is the reference row of its index and skips
   * itself); {@code k} is clamped to the rows available; null when none is available.
   */
  static double[] distances(double[][] queries, double[][] reference, int k, boolean self) {
    int available = reference.length - (self ? 1 : 0);
    if (available < 1 || queries.length == 0) {
      return null;
    }
    int kk = Math.min(k, available);
    double[] r = new double[queries.length];
    IntStream.range(0, queries.length).parallel().forEach(i ->
        r[i] = Math.sqrt(kthSquaredDistance(queries[i], reference, kk, self ? i : -1)));
    return r;
  }

  /**
   * The weights capped at their {@code quantile} and floored at the smallest normal double:
   * without the cap a lone point between regions, or a candidate far from anything found,
   * would take nearly every draw; without the floor, duplicates would never be drawn.
   */
  static double[] capped(double[] w, double quantile) {
    if (w.length == 0) {
      return w;
    }
    double[] sorted = w.clone();
    Arrays.sort(sorted);
    double cap = sorted[(int) Math.floor(quantile * (sorted.length - 1))];
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = Math.max(Double.MIN_NORMAL, Math.min(cap, w[i]));
    }
    return out;
  }

  /**
   * Draw weights that lean on thin places harder than the volume does: (volume / its
   * {@code quantile})^{@code power}, at most 1, floored at the smallest normal double.
   * Divided by the cap before the power, so that high powers in many dimensions neither
   * overflow nor flush every weight to zero. With power 1 the weights order and draw as
   * {@link #capped} does.
   */
  static double[] relative(double[] volume, double quantile, double power) {
    if (volume.length == 0) {
      return volume;
    }
    double[] sorted = volume.clone();
    Arrays.sort(sorted);
    double cap = sorted[(int) Math.floor(quantile * (sorted.length - 1))];
    double[] out = new double[volume.length];
    for (int i = 0; i < volume.length; i++) {
      double r = cap > 0 ? Math.min(1.0, volume[i] / cap) : 1.0;
      out[i] = Math.max(Double.MIN_NORMAL, Math.pow(r, power));
    }
    return out;
  }

  /** The indices of the {@code k} rows nearest to row {@code i} (Euclidean), itself excluded; ties by index. */
  static int[] nearest(double[][] rows, int i, int k) {
    int[] best = new int[k];
    double[] dist = new double[k];
    insertNearest(rows[i], rows, i, best, dist);
    return best;
  }

  private static double kthSquaredDistance(double[] x, double[][] rows, int k, int skip) {
    int[] best = new int[k];
    double[] dist = new double[k];
    insertNearest(x, rows, skip, best, dist);
    return dist[k - 1];
  }

  /** Fills {@code best} and {@code dist} (squared, ascending) with the rows nearest to {@code x}. */
  private static void insertNearest(double[] x, double[][] rows, int skip, int[] best, double[] dist) {
    int k = best.length;
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    Arrays.fill(best, -1);
    for (int r = 0; r < rows.length; r++) {
      if (r == skip) {
        continue;
      }
      double s = 0;
      double[] row = rows[r];
      for (int j = 0; j < row.length && s < dist[k - 1]; j++) {
        double t = row[j] - x[j];
        s += t * t;
      }
      if (s < dist[k - 1]) {
        int p = k - 1;
        while (p > 0 && dist[p - 1] > s) {
          dist[p] = dist[p - 1];
          best[p] = best[p - 1];
          p--;
        }
        dist[p] = s;
        best[p] = r;
      }
    }
  }
}
