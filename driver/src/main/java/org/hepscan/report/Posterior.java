package org.hepscan.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.space.Parameter;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.NestedStrategy;

/**
 * The posterior section of a nested sampling scan's report: each free parameter's weighted
 * marginal (dead points by L dX / Z, live points by their share of what is left, as of the
 * last checkpoint), with its median and its 68 % and 95 % central credible intervals.
 * Nothing for scans of other strategies.
 */
final class Posterior {
  static final int BINS = 40;

  private Posterior() {
  }

  static List<Figure> figures(SparkSession spark, ScanOutput out, ScanSpec spec, Checkpoint checkpoint) throws IOException {
    List<Figure> figures = new ArrayList<>();
    if (checkpoint == null) {
      return figures;
    }
    Map<Long, Double> weights = NestedStrategy.posteriorWeights(checkpoint.strategy());
    if (weights.isEmpty()) {
      return figures;
    }
    List<Parameter> params = spec.space().freeParameters();
    Map<Long, Row> rows = PointStore.byId(PointStore.readAll(spark, out, checkpoint.iteration()), weights.keySet(),
        params.stream().map(Parameter::name).toList());
    for (int j = 0; j < params.size(); j++) {
      List<double[]> xw = new ArrayList<>();
      for (Map.Entry<Long, Double> e : weights.entrySet()) {
        Row r = rows.get(e.getKey());
        if (r != null) {
          xw.add(new double[] {((Number) r.get(j + 1)).doubleValue(), e.getValue()});
        }
      }
      figures.add(marginal(params.get(j), xw));
    }
    return figures;
  }

  /** One parameter's marginal from (value, weight) pairs. */
  static Figure marginal(Parameter p, List<double[]> xw) {
    boolean log = p.scale() == Parameter.Scale.LOG;
    double lo = p.min();
    double hi = p.max();
    double[] centre = new double[BINS];
    double[] mass = new double[BINS];
    double total = 0;
    for (int b = 0; b < BINS; b++) {
      double f = (b + 0.5) / BINS;
      centre[b] = log ? lo * Math.pow(hi / lo, f) : lo + f * (hi - lo);
    }
    for (double[] e : xw) {
      double f = log ? Math.log(e[0] / lo) / Math.log(hi / lo) : (e[0] - lo) / (hi - lo);
      mass[Math.max(0, Math.min(BINS - 1, (int) (f * BINS)))] += e[1];
      total += e[1];
    }
    for (int b = 0; b < BINS; b++) {
      mass[b] /= total;
    }
    xw.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] q = quantiles(xw, total, 0.025, 0.16, 0.5, 0.84, 0.975);
    String caption = String.format(Locale.ROOT, "The marginal posterior of %s from the %d weighted points of nested sampling (the dead"
        + " points weighted by L dX / Z, the live ones by their share of the prior volume left), as a share of the weight per bin"
        + "%s. Median %.4g; 68 %% central interval [%.4g, %.4g]; 95 %% [%.4g, %.4g].", p.name(), xw.size(),
        log ? " (bins on a log scale)" : "", q[2], q[1], q[3], q[0], q[4]);
    return new Figure("posterior", "post-" + p.name() + ".png", p.name(), caption, Report.WIDTH, Report.HEIGHT,
        Charts.png(Charts.lines(p.name(), "posterior share per bin", List.of(new Charts.Line("posterior", centre, mass, false)), false),
            Report.WIDTH, Report.HEIGHT));
  }

  /** Weighted quantiles of sorted (value, weight) pairs. */
  static double[] quantiles(List<double[]> sorted, double total, double... levels) {
    double[] out = new double[levels.length];
    double cum = 0;
    int k = 0;
    for (double[] e : sorted) {
      cum += e[1];
      while (k < levels.length && cum >= levels[k] * total) {
        out[k++] = e[0];
      }
    }
    while (k < levels.length) {
      out[k++] = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1)[0];
    }
    return out;
  }
}
