package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;

/**
 * Candidate pools: the L points a surrogate scores so that only K of them go to the oracle.
 * Uniform pools explore; pools of Gaussian jumps around the best points found so far
 * (papers/004 sec. 3.4) are what keeps the pool from being almost all useless in high
 * dimensions, where a uniform pool seldom lands near a thin target region.
 */
public final class Candidates {
  private Candidates() {
  }

  /** {@code n} uniform points of the {@code d}-dimensional unit cube. */
  public static double[][] uniform(int n, int d, SplittableRandom rng) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextDouble();
      }
    }
    return x;
  }

  /**
   * {@code n} Gaussian jumps, each from a centre drawn uniformly from {@code centres}, with
   * one standard deviation per jump drawn uniformly from [sigmaMin, sigmaMax] (fractions of
   * each range: the unit cube's side is 1), reflected back into the cube.
   */
  public static double[][] jumps(double[][] centres, int n, double sigmaMin, double sigmaMax, SplittableRandom rng) {
    if (centres.length == 0) {
      throw new IllegalArgumentException("Gaussian jumps need at least one centre");
    }
    int d = centres[0].length;
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      double[] c = centres[rng.nextInt(centres.length)];
      double sigma = sigmaMin + (sigmaMax - sigmaMin) * rng.nextDouble();
      for (int j = 0; j < d; j++) {
        x[i][j] = reflect(c[j] + sigma * rng.nextGaussian());
      }
    }
    return x;
  }

  /**
   * {@code n} Gaussian jumps, each from centre i drawn with probability proportional to
   * {@code weight[i]}, with that centre's own standard deviation {@code sigma[i]} (a fraction
   * of each range) in every coordinate, reflected back into the cube.
   */
  public static double[][] jumps(double[][] centres, double[] weight, double[] sigma, int n, SplittableRandom rng) {
    return jumps(centres, weight, sigma, null, n, rng);
  }

  /**
   * As {@link #jumps(double[][], double[], double[], int, SplittableRandom)}, in the shape of
   * the region ({@link RegionShape}): x = centre + sigma[i] L g with g standard normal, {@code
   * sigma} in the region's whitened units; round (L the identity) when {@code shape} is null.
   */
  static double[][] jumps(double[][] centres, double[] weight, double[] sigma, RegionShape shape, int n, SplittableRandom rng) {
    if (centres.length == 0) {
      throw new IllegalArgumentException("Gaussian jumps need at least one centre");
    }
    double total = 0;
    for (double w : weight) {
      total += Math.max(0, w);
    }
    if (!(total > 0) || !Double.isFinite(total)) {
      throw new IllegalArgumentException("jump centre weights must be finite with a positive sum");
    }
    WeightedDraw centre = new WeightedDraw(weight);
    int d = centres[0].length;
    double[][] x = new double[n][d];
    double[] g = new double[d];
    for (int i = 0; i < n; i++) {
      int c = centre.draw(rng);
      for (int j = 0; j < d; j++) {
        g[j] = sigma[c] * rng.nextGaussian();
      }
      double[] step = shape == null ? g : shape.step(g);
      for (int j = 0; j < d; j++) {
        x[i][j] = reflect(centres[c][j] + step[j]);
      }
    }
    return x;
  }

  /** Folds a coordinate back into [0, 1] at the faces, as a mirror would (keeps jumps symmetric). */
  public static double reflect(double x) {
    double y = x % 2.0;
    if (y < 0) {
      y += 2.0;
    }
    return y <= 1.0 ? y : 2.0 - y;
  }
}
