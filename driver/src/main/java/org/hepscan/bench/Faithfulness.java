package org.hepscan.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleContext;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.space.ParameterSpace;
import org.hepscan.stats.TwoSample;
import org.hepscan.target.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a run's in-target points are a faithful sample of the whole allowed region, not
 * only many: they are compared with the truth, an equal number of in-target points drawn by
 * rejection from the uniform prior with the benchmark's own oracle (for benchmarks whose
 * oracle is cheap enough to call in-process a few hundred thousand times).
 *
 * <ul>
 *   <li>{@code ks p min}: the smallest, over the parameters, of the two-sample
 *   Kolmogorov-Smirnov p-value of the run's points against the truth ({@link TwoSample#ksP}). Small:
 *   some marginal differs from the region's; a collapsed run has p far below 1e-10.</li>
 *   <li>{@code nn cov}: the share of truth points that have a run point within distance
 *   {@code r}, over the same share for an ideal sample (another uniform rejection draw of the
 *   same size). 1.0 is as good as uniform; a run that fills only part of the region leaves the
 *   truth points elsewhere uncovered. Distances are Euclidean in the unit cube of the
 *   parameter space (each parameter mapped to [0, 1] by its scale). {@code r} is the median
 *   distance from a truth point to its nearest ideal point, so the ideal sample covers half of
 *   the truth: a fixed r would cover all of it in 2-D with thousands of points and none of it
 *   in 7-D with hundreds (the spacing of a sample grows as n^(-1/d)), while the median scales
 *   with both and keeps the ratio able to tell a good run from a bad one on every
 *   benchmark.</li>
 * </ul>
 *
 * Both draws come from the seed given, so a figure is the same every time it is computed.
 */
public final class Faithfulness {
  /** Columns added to a benchmark's figures. */
  public static final List<String> COLUMNS = List.of("ks p min", "nn cov");
  /** Rejection draws beyond which the truth is given up (a target far rarer than any benchmark's). */
  static final long MAX_DRAWS = 200_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(Faithfulness.class);

  private final ParameterSpace space;
  private final OracleFactory oracle;
  private final Target target;

  public Faithfulness(ParameterSpace space, OracleFactory oracle, Target target) {
    this.space = space;
    this.oracle = oracle;
    this.target = target;
  }

  /** The figures of {@link #COLUMNS} for {@code found} (physical parameter values); nulls for fewer than 2 points. */
  public List<Double> values(List<double[]> found, long seed) {
    List<Double> v = new ArrayList<>();
    if (found.size() < 2) {
      v.add(null);
      v.add(null);
      return v;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[][] runUnit = unit(found);
    double[][] truth = draw(found.size(), random);
    double[][] ideal = draw(found.size(), random);
    v.add(minKsP(runUnit, truth));
    double radius = medianNearest(truth, ideal);
    double idealShare = coveredShare(truth, ideal, radius);
    v.add(idealShare == 0 ? null : coveredShare(truth, runUnit, radius) / idealShare);
    LOG.debug("faithfulness of {} points: nearest-neighbour radius {}", found.size(), radius);
    return v;
  }

  private double[][] unit(List<double[]> points) {
    double[][] u = new double[points.size()][];
    for (int i = 0; i < u.length; i++) {
      u[i] = space.toUnit(points.get(i));
    }
    return u;
  }

  /**
   * {@code n} in-target points, uniform over the region, in unit-cube coordinates: uniform
   * points of the prior kept when the oracle's answer passes the target.
   */
  double[][] draw(int n, SplittableRandom random) {
    double[][] out = new double[n][];
    int k = 0;
    long draws = 0;
    try (Oracle o = oracle.create()) {
      OracleContext context = new InProcess();
      int d = space.dimension();
      while (k < n) {
        if (++draws > MAX_DRAWS) {
          throw new IllegalStateException("only " + k + " of " + n + " in-target points in " + MAX_DRAWS
              + " uniform draws: the target is too rare for a rejection-sampled truth");
        }
        double[] u = new double[d];
        for (int i = 0; i < d; i++) {
          u[i] = random.nextDouble();
        }
        double[] physical = space.toPhysical(u);
        Evaluation e = target.apply(o.evaluate(new Point(draws, 0, "truth", physical), context));
        if (e.inTarget()) {
          // as the run's points are read: from their values, so a sign is the middle of its half
          out[k++] = space.toUnit(physical);
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the oracle " + oracle.name() + " could not draw the truth: " + e, e);
    }
    LOG.debug("truth of {} points in {} draws", n, draws);
    return out;
  }

  /** The smallest per-coordinate two-sample KS p-value. */
  static double minKsP(double[][] a, double[][] b) {
    double min = 1;
    for (int i = 0; i < a[0].length; i++) {
      min = Math.min(min, TwoSample.ksP(TwoSample.column(a, i), TwoSample.column(b, i)));
    }
    return min;
  }

  /** The median over {@code truth} of the distance to the nearest point of {@code sample}. */
  static double medianNearest(double[][] truth, double[][] sample) {
    double[] d = new double[truth.length];
    for (int k = 0; k < truth.length; k++) {
      double best = Double.POSITIVE_INFINITY;
      for (double[] s : sample) {
        double d2 = 0;
        for (int i = 0; i < s.length && d2 < best; i++) {
          double x = truth[k][i] - s[i];
          d2 += x * x;
        }
        best = Math.min(best, d2);
      }
      d[k] = best;
    }
    java.util.Arrays.sort(d);
    int n = d.length;
    return Math.sqrt(n % 2 == 1 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]));
  }

  /** The share of {@code truth} points with a point of {@code sample} within {@code r} (brute force: the samples are thousands). */
  static double coveredShare(double[][] truth, double[][] sample, double r) {
    double r2 = r * r;
    int covered = 0;
    for (double[] t : truth) {
      for (double[] s : sample) {
        double d2 = 0;
        for (int i = 0; i < t.length && d2 <= r2; i++) {
          double x = t[i] - s[i];
          d2 += x * x;
        }
        if (d2 <= r2) {
          covered++;
          break;
        }
      }
    }
    return (double) covered / truth.length;
  }

  /** The context of an in-process builtin: no timeout to enforce here, a sandbox only on demand. */
  static final class InProcess implements OracleContext {
    private Path sandbox;

    @Override
    public Path sandbox() throws IOException {
      if (sandbox == null) {
        sandbox = java.nio.file.Files.createTempDirectory("hepscan-truth-");
        sandbox.toFile().deleteOnExit();
      }
      return sandbox;
    }

    @Override
    public Duration timeout() {
      return Duration.ofMinutes(1);
    }

    @Override
    public Logger log() {
      return LOG;
    }
  }
}
