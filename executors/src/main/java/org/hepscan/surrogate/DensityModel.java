package org.hepscan.surrogate;

import java.util.SplittableRandom;

/**
 * A normalised probability density over points of {@link #dimension()} coordinates (a
 * flow, a mixture, a Gaussian), trained on rows without targets ({@link Task#DENSITY}) by
 * (weighted) negative log-likelihood. Proposal distributions of samplers are such models.
 *
 * <p>Thread-safe like {@link Surrogate#predict}; {@link #sample} draws all its randomness
 * from {@code rng}, so the same generator state gives the same points.
 */
public interface DensityModel {

  /** Coordinates per point. */
  int dimension();

  /** {@code n} points drawn from the density. */
  double[][] sample(int n, SplittableRandom rng);

  /** The natural logarithm of the density at every row of {@code x}. */
  double[] logDensity(double[][] x);
}
