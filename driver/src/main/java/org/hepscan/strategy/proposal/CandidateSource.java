package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;
import org.hepscan.strategy.api.History;

/**
 * Where candidates come from: uniform points, Gaussian jumps around the best points, SMOTE
 * points between in-target neighbours (later: a flow's samples, chain states, live points).
 * One small piece a strategy composes ({@link CandidatePool} mixes uniform and jumps); every
 * random draw from the generator passed in.
 */
@FunctionalInterface
public interface CandidateSource {

  /** Up to {@code n} candidates in the unit cube of the free parameters; fewer (even none) when the source has nothing to draw from yet. */
  double[][] draw(int n, History history, SplittableRandom rng);

  /** Uniform in the unit cube: uniform in each parameter's own scale. */
  static CandidateSource uniform() {
    return (n, history, rng) -> Candidates.uniform(n, history.space().dimension(), rng);
  }

  /**
   * Gaussian jumps around the {@code best} evaluations by log-likelihood, sigma uniform in
   * [sigmaMin, sigmaMax] per jump (fractions of each range); none before any finite likelihood.
   */
  static CandidateSource jumps(int best, double sigmaMin, double sigmaMax) {
    return (n, history, rng) -> {
      double[][] centres = CandidatePool.best(history, best);
      return centres.length == 0 ? new double[0][] : Candidates.jumps(centres, n, sigmaMin, sigmaMax, rng);
    };
  }

  /**
   * Gaussian jumps spread over the target found ({@link CandidatePool}, {@code centres:
   * found}): centres are the in-target points (topped up to {@code atLeast} by the best
   * others); each is drawn in proportion to the volume its {@code neighbours}-th nearest
   * centre leaves around it, and jumps with sigma = that distance / sqrt(d). With {@code
   * shaped}, distances and jumps are in the region's own shape ({@link RegionShape}: whitened
   * by the centres' covariance), sigma clamped so that the widest parameter's width stays in
   * [sigmaMin, sigmaMax]; otherwise (or while the centres fix no shape) round, sigma clamped
   * to [sigmaMin, sigmaMax]. None before any finite likelihood.
   */
  static CandidateSource spread(int atLeast, int neighbours, double sigmaMin, double sigmaMax, boolean shaped) {
    return (n, history, rng) -> {
      double[][] centres = CandidatePool.found(history, atLeast, rng);
      if (centres.length == 0) {
        return new double[0][];
      }
      int d = centres[0].length;
      RegionShape shape = shaped ? RegionShape.of(centres) : null;
      double[][] metric = centres;
      double lo = sigmaMin;
      double hi = sigmaMax;
      if (shape != null) {
        metric = new double[centres.length][];
        for (int i = 0; i < centres.length; i++) {
          metric[i] = shape.whiten(centres[i]);
        }
        // sigma is in whitened units: the widest parameter moves sigma * its deviation
        double widest = shape.widestDeviation();
        lo = sigmaMin / widest;
        hi = sigmaMax / widest;
      }
      double[] r = LocalVolume.distances(metric, metric, neighbours, true);
      double[] sigma = new double[centres.length];
      double[] weight = new double[centres.length];
      if (r == null) {
        java.util.Arrays.fill(sigma, hi);
        java.util.Arrays.fill(weight, 1.0);
      } else {
        double[] volume = new double[r.length];
        for (int i = 0; i < r.length; i++) {
          sigma[i] = Math.min(hi, Math.max(lo, r[i] / Math.sqrt(d)));
          volume[i] = Math.pow(r[i], d);
        }
        weight = LocalVolume.relative(volume, CandidatePool.CAP, 1.0);
      }
      return Candidates.jumps(centres, weight, sigma, shape, n, rng);
    };
  }

  /** SMOTE points between in-target neighbours ({@link Smote}); none with fewer than two in-target points. */
  static CandidateSource smote(int neighbours, boolean sparse) {
    return (n, history, rng) -> {
      double[][] inside = history.inTargetUnits();
      return inside.length < 2 ? new double[0][] : Smote.synthesize(inside, n, neighbours, rng, sparse);
    };
  }
}
