package org.hepscan.strategy;

import java.util.SplittableRandom;

/**
 * SMOTE, the synthetic minority oversampling technique (Chawla et al. 2002; papers/004
 * sec. 2.2): a synthetic point lies on the segment between a minority point and one of
 * its {@code k} nearest minority neighbours, at a uniformly random position. hepscan sends
 * these points to the oracle for their true class instead of trusting the label, so a
 * wrong guess costs one call and teaches the classifier where the boundary is.
 *
 * <p>Neighbours are found by brute force: the minority class is the rare one, and the
 * work is {@code n} synthetic points times the minority size, not its square.
 */
public final class Smote {
  private Smote() {
  }

  /** {@code n} synthetic points from {@code minority} (at least 2 rows) and its {@code k} nearest neighbours. */
  public static double[][] synthesize(double[][] minority, int n, int k, SplittableRandom rng) {
    if (minority.length < 2) {
      throw new IllegalArgumentException("SMOTE needs at least 2 minority points, got " + minority.length);
    }
    int kk = Math.min(k, minority.length - 1);
    int d = minority[0].length;
    double[][] out = new double[n][];
    for (int s = 0; s < n; s++) {
      int i = rng.nextInt(minority.length);
      int[] nn = nearest(minority, i, kk);
      double[] a = minority[i];
      double[] b = minority[nn[rng.nextInt(kk)]];
      double u = rng.nextDouble();
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = a[j] + u * (b[j] - a[j]);
      }
      out[s] = x;
    }
    return out;
  }

  /** The indices of the {@code k} rows nearest to row {@code i} (Euclidean), itself excluded; ties by index. */
  static int[] nearest(double[][] rows, int i, int k) {
    int[] best = new int[k];
    double[] dist = new double[k];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(best, -1);
    for (int r = 0; r < rows.length; r++) {
      if (r == i) {
        continue;
      }
      double s = 0;
      for (int j = 0; j < rows[r].length; j++) {
        double t = rows[r][j] - rows[i][j];
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
    return best;
  }
}
