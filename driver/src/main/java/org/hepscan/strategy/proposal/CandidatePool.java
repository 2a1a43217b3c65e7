package org.hepscan.strategy.proposal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.strategy.api.History;

/**
 * The candidate pool a learned strategy scores each iteration: {@code size} points, uniform
 * in the unit cube except a share of Gaussian jumps around points found so far, once there
 * are any.
 *
 * <pre>
 * candidates: 100000                              # the pool size, L
 * jumps:
 *   fraction: 0.5      # default 0 up to 5 dimensions, 0.5 above
 *   centres: found     # found | best
 *   best: 100          # found: centres topped up to this many by log-likelihood while fewer are
 *                      # in target; best: the centres themselves
 *   neighbours: 5      # found: the k of each centre's k-th nearest centre
 *   sigma: [0.001, 0.333]   # found: bounds of each centre's own width; best: the range a
 *                           # width is drawn uniformly from (default [0.1, 0.333])
 *   shape: region      # found: region | round, jumps in the shape of the target found or round
 * </pre>
 *
 * <p>{@code centres: found} (the default) jumps from every in-target point found, drawn in
 * proportion to the volume its {@code neighbours}-th nearest centre leaves around it (the
 * distance to the power d, capped at its 98th percentile: {@link LocalVolume}), with a width
 * per centre of that distance over sqrt(d), clamped to {@code sigma}. The width adapts to the
 * dimension and to how densely the target is already sampled; the weight sends jumps where
 * the sample is thin, so that the pool covers all the target found, in proportion to its
 * extent rather than to where the sample happens to have piled up. While fewer than {@code
 * best} points are in target, the best others by log-likelihood fill in as centres.
 *
 * <p>{@code shape: region} (the default since issue 16's B6) measures distances and draws
 * jumps in the region's own shape: whitened by the covariance of the centres ({@link
 * RegionShape}), so a target thin in one parameter and wide in another gets jumps long
 * along it and short across it: the 2HDM of papers/004, whose in-target lambda2 spans a
 * twentieth of its range while tan beta spans most of its own, is such a target (round and
 * shaped jumps compared in notebooks-data/bench/b6.md). On a target as wide in every
 * parameter (the shells) the covariance is nearly round and so are the jumps. {@code shape:
 * round} is the rule before it.
 *
 * <p>{@code centres: best} is the older rule (papers/004 sec. 3.4): jumps around the {@code
 * best} points by log-likelihood, centres drawn uniformly, sigma uniform in {@code sigma}. On
 * a thin target it collapses: the best few points are where the sample already is, narrow
 * jumps keep the next batch there (the 7-D shell bench with best 20, sigma [0.01, 0.05]:
 * nearest-neighbour coverage 0.04); wide ones (the defaults) make the pool nearly
 * uniform; see notebooks-data/bench/collapse-b2-b3.md.
 */
public record CandidatePool(int size, double jumpFraction, boolean fromFound, int jumpCentres, int neighbours,
                            double sigmaMin, double sigmaMax, boolean shaped) {
  /** The most in-target points used as centres; above it a uniform subset (bounds the neighbour search). */
  public static final int MAX_CENTRES = 4000;
  /** The cap quantile of the centres' volume weights (as {@link SelectionRules.SparseWeights#DEFAULT}). */
  static final double CAP = 0.98;

  /** Reads {@code candidates} and {@code jumps} of a strategy section, for a space of {@code dimension} free parameters. */
  public static CandidatePool parse(Options o, int dimension, int defaultSize) {
    int size = (int) o.integer("candidates", defaultSize, 1, 100_000_000);
    Options j = o.has("jumps") ? o.section("jumps").allowOnly("fraction", "centres", "best", "neighbours", "sigma", "shape")
        : Options.empty(o.pathOf("jumps"));
    double fraction = j.number("fraction", dimension > 5 ? 0.5 : 0.0, 0, 1);
    boolean found = j.choice("centres", "found", "found", "best").equals("found");
    int best = (int) j.integer("best", 100, 1, Integer.MAX_VALUE);
    int neighbours = (int) j.integer("neighbours", 5, 1, 100_000);
    boolean shaped = j.choice("shape", "region", "region", "round").equals("region");
    double[] sigma = j.has("sigma") ? j.numbers("sigma", 2) : found ? new double[] {0.001, 1.0 / 3} : new double[] {0.1, 1.0 / 3};
    if (!(sigma[0] > 0 && sigma[0] <= sigma[1] && sigma[1] <= 1)) {
      throw new ConfigException(j.pathOf("sigma"), "expected [min, max] with 0 < min <= max <= 1 (fractions of each range), got ["
          + Options.fmt(sigma[0]) + ", " + Options.fmt(sigma[1]) + "]");
    }
    return new CandidatePool(size, fraction, found, best, neighbours, sigma[0], sigma[1], shaped);
  }

  /** A fresh pool: uniform points, then the jumps (when there are centres to jump from). */
  public double[][] draw(History history, SplittableRandom rng) {
    int jumps = (int) Math.round(jumpFraction * size);
    // whether there are centres decides the uniform share, so it is known before any draw
    if (jumps == 0 || java.util.stream.IntStream.range(0, history.rowCount()).noneMatch(i -> ranked(history.loglike(i)))) {
      return CandidateSource.uniform().draw(size, history, rng);
    }
    double[][] u = CandidateSource.uniform().draw(size - jumps, history, rng);
    CandidateSource source = fromFound ? CandidateSource.spread(jumpCentres, neighbours, sigmaMin, sigmaMax, shaped)
        : CandidateSource.jumps(jumpCentres, sigmaMin, sigmaMax);
    double[][] g = source.draw(jumps, history, rng);
    double[][] all = Arrays.copyOf(u, u.length + g.length);
    System.arraycopy(g, 0, all, u.length, g.length);
    return all;
  }

  private static boolean ranked(double loglike) {
    return loglike > Double.NEGATIVE_INFINITY && !Double.isNaN(loglike);
  }

  /** Unit-cube coordinates of the {@code n} evaluations with the highest finite log-likelihood (ties by id). */
  public static double[][] best(History history, int n) {
    // by row: rows are in id order, and the history keeps them as columns
    return rankedRows(history, i -> true).limit(n).mapToObj(history::unit).toArray(double[][]::new);
  }

  /** Rows with a finite log-likelihood that pass {@code keep}, highest first, ties by id. */
  private static java.util.stream.IntStream rankedRows(History history, java.util.function.IntPredicate keep) {
    return java.util.stream.IntStream.range(0, history.rowCount())
        .filter(i -> keep.test(i) && ranked(history.loglike(i)))
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> history.loglike(i)).reversed().thenComparingInt(i -> i))
        .mapToInt(Integer::intValue);
  }

  /**
   * The centres of {@code centres: found}: every in-target evaluation (a uniform subset of
   * {@link #MAX_CENTRES} when more), then, while fewer than {@code atLeast}, the best others
   * by finite log-likelihood; unit-cube coordinates.
   */
  public static double[][] found(History history, int atLeast, SplittableRandom rng) {
    int[] inside = java.util.stream.IntStream.range(0, history.rowCount()).filter(history::isInTarget).toArray();
    List<double[]> out = new ArrayList<>();
    if (inside.length > MAX_CENTRES) {
      int[] idx = Selection.sample(java.util.stream.IntStream.range(0, inside.length).toArray(), MAX_CENTRES, rng);
      Arrays.sort(idx);
      for (int i : idx) {
        out.add(history.unit(inside[i]));
      }
    } else {
      for (int i : inside) {
        out.add(history.unit(i));
      }
    }
    if (out.size() < atLeast) {
      rankedRows(history, i -> !history.isInTarget(i)).limit(atLeast - out.size()).forEach(i -> out.add(history.unit(i)));
    }
    return out.toArray(double[][]::new);
  }
}
