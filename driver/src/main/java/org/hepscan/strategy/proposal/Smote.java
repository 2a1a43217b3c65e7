package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;

/**
 * SMOTE, the synthetic minority oversampling technique (Chawla et al. 2002; papers/004
 * sec. 2.2): a synthetic point lies on the segment between a minority point and one of
 * its {@code k} nearest minority neighbours, at a uniformly random position. hepscan sends
 * these points to the oracle for their true class instead of trusting the label, so a
 * wrong guess costs one call and teaches the classifier where the boundary is.
 *
 * <p>Neighbours are found by brute force ({@link LocalVolume}): the work is {@code n}
 * synthetic points times the minority size, so of a minority larger than {@link
 * Selection#MAX_FOUND} (a long scan's in-target points) a uniform subset of that many is
 * used: its points are as likely seeds as the whole's, and a neighbour among it lies
 * slightly farther, by (N / M)^(1/d), a few per cent in the dimensions of a real model.
 */
public final class Smote {
  private Smote() {
  }

  /** {@code n} synthetic points from {@code minority} (at least 2 rows) and its {@code k} nearest neighbours. */
  public static double[][] synthesize(double[][] minority, int n, int k, SplittableRandom rng) {
    return synthesize(minority, n, k, rng, false);
  }

  /**
   * As {@link #synthesize(double[][], int, int, SplittableRandom)}; with {@code sparse}, a
   * minority point is chosen as a seed in proportion to the volume around it (the distance
   * to its k-th neighbour to the power d, capped at the 90th percentile so that a lone
   * point between regions does not take every seed) instead of uniformly: a region known
   * by few points then gets as many synthetic points as one known by many, rather than
   * fewer in proportion (the rich-get-richer urn of plain SMOTE).
   */
  public static double[][] synthesize(double[][] minority, int n, int k, SplittableRandom rng, boolean sparse) {
    if (minority.length < 2) {
      throw new IllegalArgumentException("SMOTE needs at least 2 minority points, got " + minority.length);
    }
    minority = Selection.atMost(minority, Selection.MAX_FOUND, rng);
    int kk = Math.min(k, minority.length - 1);
    int d = minority[0].length;
    double[] volume = sparse ? seedWeights(minority, kk) : null;
    // points that all coincide leave no volume to weigh by: then every seed is as good as another
    WeightedDraw seeds = volume != null && java.util.Arrays.stream(volume).sum() > 0 ? new WeightedDraw(volume) : null;
    double[][] out = new double[n][];
    for (int s = 0; s < n; s++) {
      int i = seeds == null ? rng.nextInt(minority.length) : seeds.draw(rng);
      int[] nn = LocalVolume.nearest(minority, i, kk);
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

  /** Seed weights: (distance to the k-th neighbour)^d, capped at their 90th percentile. */
  static double[] seedWeights(double[][] rows, int k) {
    return LocalVolume.capped(LocalVolume.of(rows, rows, k, true), 0.9);
  }
}
