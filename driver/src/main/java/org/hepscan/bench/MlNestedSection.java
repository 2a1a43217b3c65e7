package org.hepscan.bench;

import static org.hepscan.bench.NestedEvidenceSection.pm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.MlNestedStrategy;
import org.hepscan.strategy.StrategyCatalog;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.nested.InProcessRun;
import org.hepscan.target.Constraint;
import org.hepscan.target.Target;

/**
 * ml-nested against plain nested sampling on the same problems and seeds (issue 20, B5's
 * ML part): log Z, oracle calls, and the wall time a slow oracle would give. The strategies'
 * calls are made as the scan loop makes them ({@link InProcessRun}), with their networks
 * trained on this bench's Spark; the oracle answers at once, so the measured seconds are the
 * strategy's own (proposing, training), and the wall time of an oracle of d seconds per call
 * is those plus calls x d on one core (more cores divide the calls' part only).
 */
public final class MlNestedSection implements BenchSection {
  /** Seconds per call of the slow oracles the wall times are given for: a spectrum generator, and a chain of codes. */
  static final double[] DELAYS = {0.03, 1.0};

  /** One problem: the oracle (observables, or log L in place when {@code logL} is set), its target, the truth and the options both strategies get. */
  record Problem(String name, ParameterSpace space, Function<double[], Map<String, Double>> observables, Target target,
                 ToDoubleFunction<double[]> logL, double truth, Map<String, Object> options) {
    InProcessRun run(Strategy s, long seed, SparkSession spark) {
      ScanContext context = new ScanContext(spark, space, target, seed);
      return logL != null ? new InProcessRun(space, s, logL, seed, context) : new InProcessRun(space, s, observables, context, seed);
    }
  }

  @Override
  public String name() {
    return "ml-nested";
  }

  @Override
  public String title() {
    return "B5 (ML part): ml-nested against nested, log Z, oracle calls and wall time with a slow oracle";
  }

  /** The distance to the nearer centre of the MultiNest shells (+-3.5 on x1): the observable whose Gaussian r = 2 +- 0.1 makes the shells. */
  static Map<String, Double> shellRadius(double[] x) {
    double a = 0;
    double b = 0;
    for (int i = 0; i < x.length; i++) {
      double da = i == 0 ? x[i] + 3.5 : x[i];
      double db = i == 0 ? x[i] - 3.5 : x[i];
      a += da * da;
      b += db * db;
    }
    return Map.of("r", Math.sqrt(Math.min(a, b)));
  }

  static List<Problem> problems(boolean smoke) {
    List<Problem> p = new ArrayList<>();
    double sigma = 0.03;
    Map<String, Object> peakOptions = new LinkedHashMap<>(Map.of("bound", "none"));
    if (smoke) {
      peakOptions.putAll(Map.of("live", 100, "batch", 20, "dlogz", 0.1));
    }
    p.add(new Problem("narrow Gaussian (sigma 0.03), D = 2, bound: none", ParameterSpace.box(2, 0, 1), null, null, x -> {
      double dx = x[0] - 0.4;
      double dy = x[1] - 0.6;
      return -(dx * dx + dy * dy) / (2 * sigma * sigma);
    }, Math.log(2 * Math.PI * sigma * sigma), peakOptions));
    if (smoke) {
      return p;
    }
    // the shells' likelihood with the Gaussian's normalization left out, as a target's gaussian rule gives it:
    // log Z = -5.674 (MultiNest paper, D = 5) + 0.5 log(2 pi 0.1^2); the far shell adds less than e^-400
    Target shells = new Target(List.of(Constraint.Gaussian.withinSigma("r", 2, 0.1, 3)));
    p.add(new Problem("Gaussian shells, D = 5, observable r = 2 ± 0.1", ParameterSpace.box(5, -6, 6), MlNestedSection::shellRadius,
        shells, null, -5.674 + 0.5 * Math.log(2 * Math.PI * 0.01), Map.of()));
    return p;
  }

  /** What one run gave. */
  record Outcome(double logZ, double error, long calls, double seconds, Map<String, Object> results, boolean finished) {
  }

  @Override
  public String run(SparkSession spark, Mode mode) {
    int seeds = mode.smoke() ? 1 : 3;
    long maxCalls = mode.smoke() ? 500_000 : 5_000_000;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Both strategies with their defaults (ml-nested: margin 3 standard errors, engage_below 0.3,"
        + " audit 0.05, networks of 4 x 100 ReLU, the regressor the mean of an ensemble of %d, at most %,d steps a training) and"
        + " the problem's options below; seeds 1-%d,"
        + " each run to its own stop rule. The oracle answers at once: `s / run` is the strategy's own time (proposing, training"
        + " on this bench's Spark), and the wall time for an oracle of d seconds per call is that plus calls x d on one core."
        + " Goal (issue 20): the same log Z as nested within 1 sigma, with at least 8x fewer calls and 8x less wall time;"
        + " `abs(log Z - nested's)` compares the two on the same seed, in the larger of their reported errors. `insertion p`:"
        + " the insertion-rank check of each run (`insertion_ks_p`, Fowlie, Handley and Su 2020); a filter that turned away part"
        + " of the region above L* would skew the replacements' ranks upward.%n%n",
        MlNestedStrategy.REGRESSOR_ENSEMBLE, (Integer) MlNestedStrategy.MODEL_DEFAULTS.get("max_steps"), seeds));
    b.append("| problem | strategy | log Z (mean ± sd) | truth | reported error | truth within 2 errors | calls (mean ± sd) | calls:"
        + " nested / this | s / run | wall s at 0.03 s / call | wall s at 1 s / call | wall: nested / this at 1 s / call | trainings |"
        + " missed share (audits) | abs(log Z - nested's) in errors: mean, max | insertion p (each seed) |\n");
    b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Problem p : problems(mode.smoke())) {
      Map<String, List<Outcome>> by = new LinkedHashMap<>();
      for (String name : List.of("nested", MlNestedStrategy.NAME)) {
        List<Outcome> runs = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
          Map<String, Object> options = new LinkedHashMap<>(p.options());
          options.put("name", name);
          if (mode.smoke() && name.equals(MlNestedStrategy.NAME)) {
            options.put("candidates", 5000);
            options.put("regressor", Map.of("hidden", List.of(32, 32), "max_steps", 300));
          }
          Strategy strategy = StrategyCatalog.parse(Options.of("strategy", options), p.space()).newStrategy();
          long t0 = System.nanoTime();
          InProcessRun r = p.run(strategy, s, spark).until(Integer.MAX_VALUE, maxCalls);
          runs.add(new Outcome(r.result("log_z"), r.result("log_z_error"), r.history().size(), (System.nanoTime() - t0) / 1e9,
              strategy.results(), r.stopped() != null));
        }
        by.put(name, runs);
      }
      double nestedCalls = StatUtils.mean(column(by.get("nested"), o -> (double) o.calls()));
      double nestedWall = StatUtils.mean(column(by.get("nested"), o -> o.seconds() + o.calls() * DELAYS[1]));
      for (Map.Entry<String, List<Outcome>> e : by.entrySet()) {
        List<Outcome> runs = e.getValue();
        double[] z = column(runs, Outcome::logZ);
        double calls = StatUtils.mean(column(runs, o -> (double) o.calls()));
        int within = 0;
        long unfinished = runs.stream().filter(o -> !o.finished()).count();
        for (Outcome o : runs) {
          within += Math.abs(o.logZ() - p.truth()) <= 2 * o.error() ? 1 : 0;
        }
        // a nested run cut by the call limit makes every ratio against it a lower bound
        String atLeast = by.get("nested").stream().allMatch(Outcome::finished) ? "" : "≥ ";
        boolean ml = e.getKey().equals(MlNestedStrategy.NAME);
        double[] wallSlow = column(runs, o -> o.seconds() + o.calls() * DELAYS[1]);
        double[] apart = new double[runs.size()];
        for (int i = 0; i < apart.length; i++) {
          Outcome n = by.get("nested").get(i);
          apart[i] = Math.abs(runs.get(i).logZ() - n.logZ()) / Math.max(runs.get(i).error(), n.error());
        }
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %d of %d%s | %s | %s%.1f | %.1f | %s | %s | %s%.1f | %s | %s | %s | %s |%n",
            p.name(), e.getKey(), pm(z, "%.3f"), p.truth(), StatUtils.mean(column(runs, Outcome::error)), within, runs.size(),
            unfinished > 0 ? " (" + unfinished + " stopped at the call limit, " + String.format(Locale.ROOT, "%,d", maxCalls) + ")" : "",
            pm(column(runs, o -> (double) o.calls()), "%,.0f"), ml ? atLeast : "", nestedCalls / calls,
            StatUtils.mean(column(runs, Outcome::seconds)),
            pm(column(runs, o -> o.seconds() + o.calls() * DELAYS[0]), "%,.0f"), pm(wallSlow, "%,.0f"),
            ml ? atLeast : "", nestedWall / StatUtils.mean(wallSlow),
            ml ? pm(column(runs, o -> ((Number) o.results().get("trainings")).doubleValue()), "%.0f") : "",
            ml ? pm(column(runs, o -> ((Number) o.results().get("missed_share")).doubleValue()), "%.4f") : "",
            ml ? String.format(Locale.ROOT, "%.2f, %.2f", StatUtils.mean(apart), StatUtils.max(apart)) : "",
            runs.stream().map(o -> o.results().get("insertion_ks_p") instanceof Number v ? String.format(Locale.ROOT, "%.2g", v.doubleValue()) : "-")
                .collect(java.util.stream.Collectors.joining(", "))));
      }
    }
    return b.toString();
  }

  private static double[] column(List<Outcome> runs, java.util.function.ToDoubleFunction<Outcome> f) {
    return runs.stream().mapToDouble(f).toArray();
  }
}
