package org.hepscan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.oracle.builtin.GaussianShells;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.NestedStrategy;
import org.hepscan.strategy.nested.InProcessRun;

/**
 * B5: the evidence of {@code nested} with its defaults against the known log Z of the
 * MultiNest paper's problems (Gaussian shells in D dimensions on [-6, 6]^D, the eggbox on
 * [0, 10 pi]^2, and the 10-D shells with an invalid slab |x2| < 0.6, papers/002's
 * pseudo-constraint), over seeds. The sampler's calls are made as the scan loop makes them,
 * with the likelihood computed in place ({@link InProcessRun}): the algorithm's accuracy and
 * its number of likelihood calls, many seeds in minutes. Reported: the mean and spread of
 * log Z, the largest |log Z - truth|, how many seeds have the truth within 2 reported
 * errors, and the calls.
 */
public final class NestedEvidenceSection implements BenchSection {

  /** One problem: its space, likelihood and true log Z (numerical integration, issue 20's table). */
  record Problem(String name, ParameterSpace space, ToDoubleFunction<double[]> logL, double truth) {
  }

  @Override
  public String name() {
    return "nested-evidence";
  }

  @Override
  public String title() {
    return "B5: nested sampling's log Z against the truth";
  }

  static List<Problem> problems(boolean smoke) {
    List<Problem> p = new ArrayList<>();
    p.add(new Problem("Gaussian shells, D = 2", ParameterSpace.box(2, -6, 6), GaussianShells::logL, -1.746));
    if (smoke) {
      return p;
    }
    p.add(new Problem("Gaussian shells, D = 5", ParameterSpace.box(5, -6, 6), GaussianShells::logL, -5.674));
    p.add(new Problem("eggbox (MultiNest)", ParameterSpace.box(2, 0, 10 * Math.PI),
        x -> Math.pow(2 + Math.cos(x[0] / 2) * Math.cos(x[1] / 2), 5), 235.856));
    p.add(new Problem("Gaussian shells, D = 10", ParameterSpace.box(10, -6, 6), GaussianShells::logL, -14.590));
    p.add(new Problem("Gaussian shells, D = 10, invalid where |x2| < 0.6", ParameterSpace.box(10, -6, 6),
        x -> Math.abs(x[1]) < 0.6 ? Double.NaN : GaussianShells.logL(x), -15.558));
    // above 10-D sample auto walks (rwalk): draws from one ellipsoid would cost ever more per replacement
    p.add(new Problem("Gaussian shells, D = 20", ParameterSpace.box(20, -6, 6), GaussianShells::logL, -36.087));
    p.add(new Problem("Gaussian shells, D = 30", ParameterSpace.box(30, -6, 6), GaussianShells::logL, -60.128));
    return p;
  }

  @Override
  public String run(SparkSession spark, Mode mode) {
    int seeds = mode.smoke() ? 2 : 10;
    long maxCalls = mode.smoke() ? 200_000 : 30_000_000;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "`strategy: {name: nested}` with its defaults (live 500, batch 50, bound auto: multi up to 5-D and single above, enlarge 1.25,"
        + " dlogz 0.01, sample auto: draws from the bound up to 10-D, rslice walkers of 5 D slices per replacement above), seeds 1-%d per problem, each run to its own stop rule (at most %,d calls). The likelihood is computed in"
        + " place of the oracle, through the calls the scan loop makes. Goal (issue 20): |log Z - truth| <= 0.1, and the truth"
        + " within 2 reported errors in at least 9 of 10 seeds. Insertion ranks: the runs whose insertion-rank check"
        + " (`insertion_ks_p`, Fowlie, Handley and Su 2020) gives p < 0.01, and the smallest p; about 1 run in 100 of a sound"
        + " sampler falls below 0.01.%n%n", seeds, maxCalls));
    b.append("| problem | true log Z | log Z (mean ± sd) | reported error (mean) | max abs(log Z - truth) | truth within 2 errors"
        + " | calls (mean ± sd) | s / run | insertion p < 0.01 | smallest insertion p |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Problem p : problems(mode.smoke())) {
      double[] z = new double[seeds];
      double[] err = new double[seeds];
      double[] calls = new double[seeds];
      double[] secs = new double[seeds];
      double[] insertion = new double[seeds];
      int within = 0;
      int unfinished = 0;
      for (int s = 0; s < seeds; s++) {
        NestedStrategy strategy = (NestedStrategy) NestedStrategy.Config.parse(
            Options.of("strategy", Map.of("name", "nested")), p.space()).newStrategy();
        long t0 = System.nanoTime();
        InProcessRun r = new InProcessRun(p.space(), strategy, p.logL(), s + 1).until(Integer.MAX_VALUE, maxCalls);
        secs[s] = (System.nanoTime() - t0) / 1e9;
        unfinished += r.stopped() == null ? 1 : 0;
        z[s] = r.result("log_z");
        err[s] = r.result("log_z_error");
        calls[s] = r.history().size();
        insertion[s] = r.result("insertion_ks_p");
        within += Math.abs(z[s] - p.truth()) <= 2 * err[s] ? 1 : 0;
      }
      double maxDev = 0;
      for (double v : z) {
        maxDev = Math.max(maxDev, Math.abs(v - p.truth()));
      }
      long flagged = java.util.Arrays.stream(insertion).filter(v -> v < 0.01).count();
      b.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %.3f | %.3f | %d of %d%s | %s | %.1f | %d of %d | %.2g |%n", p.name(), p.truth(),
          pm(z, "%.3f"), StatUtils.mean(err), maxDev, within, seeds,
          unfinished > 0 ? " (" + unfinished + " stopped at the call limit)" : "", pm(calls, "%,.0f"), StatUtils.mean(secs),
          flagged, seeds, StatUtils.min(insertion)));
    }
    return b.toString();
  }

  /** "mean ± sd" of {@code v}, each written with {@code fmt}. */
  static String pm(double[] v, String fmt) {
    double sd = v.length > 1 ? Math.sqrt(StatUtils.variance(v)) : 0;
    return String.format(Locale.ROOT, fmt + " ± " + fmt, StatUtils.mean(v), sd);
  }
}
