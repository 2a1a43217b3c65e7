package org.hepscan.strategy.proposal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.strategy.api.History;

/**
 * The candidate pool a learned strategy scores each iteration: {@code size} points, uniform
 * in the unit cube except a share of Gaussian jumps around the best points found so far by
 * log-likelihood (papers/004 sec. 3.4), once there are any.
 *
 * <pre>
 * candidates: 100000                              # the pool size, L
 * jumps: {fraction: 0.5, best: 100, sigma: [0.1, 0.333]}
 *                                                 # default fraction 0 up to 5 dimensions, 0.5 above
 * </pre>
 */
public record CandidatePool(int size, double jumpFraction, int jumpCentres, double sigmaMin, double sigmaMax) {

  /** Reads {@code candidates} and {@code jumps} of a strategy section, for a space of {@code dimension} free parameters. */
  public static CandidatePool parse(Options o, int dimension, int defaultSize) {
    int size = (int) o.integer("candidates", defaultSize, 1, 100_000_000);
    Options j = o.has("jumps") ? o.section("jumps").allowOnly("fraction", "best", "sigma") : Options.empty(o.pathOf("jumps"));
    double fraction = j.number("fraction", dimension > 5 ? 0.5 : 0.0, 0, 1);
    int best = (int) j.integer("best", 100, 1, Integer.MAX_VALUE);
    double[] sigma = j.has("sigma") ? j.numbers("sigma", 2) : new double[] {0.1, 1.0 / 3};
    if (!(sigma[0] > 0 && sigma[0] <= sigma[1] && sigma[1] <= 1)) {
      throw new ConfigException(j.pathOf("sigma"), "expected [min, max] with 0 < min <= max <= 1 (fractions of each range), got ["
          + Options.fmt(sigma[0]) + ", " + Options.fmt(sigma[1]) + "]");
    }
    return new CandidatePool(size, fraction, best, sigma[0], sigma[1]);
  }

  /** A fresh pool: uniform points, then the jumps (when there are centres to jump from). */
  public double[][] draw(History history, SplittableRandom rng) {
    int jumps = (int) Math.round(jumpFraction * size);
    // whether there are centres decides the uniform share, so it is known before any draw
    if (jumps == 0 || history.all().stream().noneMatch(CandidatePool::ranked)) {
      return CandidateSource.uniform().draw(size, history, rng);
    }
    double[][] u = CandidateSource.uniform().draw(size - jumps, history, rng);
    double[][] g = CandidateSource.jumps(jumpCentres, sigmaMin, sigmaMax).draw(jumps, history, rng);
    double[][] all = Arrays.copyOf(u, size);
    System.arraycopy(g, 0, all, u.length, g.length);
    return all;
  }

  private static boolean ranked(Evaluation e) {
    return e.loglike() > Double.NEGATIVE_INFINITY && !Double.isNaN(e.loglike());
  }

  /** Unit-cube coordinates of the {@code n} evaluations with the highest finite log-likelihood (ties by id). */
  public static double[][] best(History history, int n) {
    return history.all().stream()
        .filter(CandidatePool::ranked)
        .sorted(Comparator.comparingDouble(Evaluation::loglike).reversed().thenComparingLong(Evaluation::id))
        .limit(n)
        .map(history::unit)
        .toArray(double[][]::new);
  }
}
