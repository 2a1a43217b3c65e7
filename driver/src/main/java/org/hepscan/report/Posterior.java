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
 * last checkpoint), with its median and its 68 % and 95 % central credible intervals; and
 * the 2-D marginals of the pairs of the first {@value #PAIRS_OF} free parameters, with their
 * 68 % and 95 % highest-density regions. Nothing for scans of other strategies.
 */
final class Posterior {
  static final int BINS = 40;
  /** 2-D marginals are drawn for the pairs of the first this many free parameters (10 figures at most). */
  static final int PAIRS_OF = 5;

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
    int m = Math.min(params.size(), PAIRS_OF);
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        List<double[]> xyw = new ArrayList<>();
        for (Map.Entry<Long, Double> e : weights.entrySet()) {
          Row r = rows.get(e.getKey());
          if (r != null) {
            xyw.add(new double[] {((Number) r.get(i + 1)).doubleValue(), ((Number) r.get(j + 1)).doubleValue(), e.getValue()});
          }
        }
        figures.add(pair(params.get(i), params.get(j), xyw));
      }
    }
    return figures;
  }

  /** Where a parameter's value lies on a 2-D map's axis: log10 of it for a log-scaled parameter, so that cells are equal. */
  private static double coordinate(Parameter p, double v) {
    return p.scale() == Parameter.Scale.LOG ? Math.log10(v) : v;
  }

  private static ReportData.Axis axis(Parameter p) {
    return new ReportData.Axis(p.scale() == Parameter.Scale.LOG ? "log10 " + p.name() : p.name(), coordinate(p, p.min()),
        coordinate(p, p.max()), false, false);
  }

  /**
   * Two parameters' joint marginal from (x, y, weight) triples, on a {@link #BINS} x {@link
   * #BINS} grid: the 68 % region is the smallest set of cells holding 68 % of the weight (the
   * heaviest first), the 95 % region likewise.
   */
  static Figure pair(Parameter px, Parameter py, List<double[]> xyw) {
    ReportData.Axis ax = axis(px);
    ReportData.Axis ay = axis(py);
    double dx = (ax.hi() - ax.lo()) / BINS;
    double dy = (ay.hi() - ay.lo()) / BINS;
    double[][] mass = new double[BINS][BINS];
    double total = 0;
    for (double[] e : xyw) {
      int i = Math.max(0, Math.min(BINS - 1, (int) ((coordinate(px, e[0]) - ax.lo()) / dx)));
      int j = Math.max(0, Math.min(BINS - 1, (int) ((coordinate(py, e[1]) - ay.lo()) / dy)));
      mass[i][j] += e[2];
      total += e[2];
    }
    int[][] level = levels(mass, total);
    double[] xc = new double[BINS];
    double[] yc = new double[BINS];
    for (int b = 0; b < BINS; b++) {
      xc[b] = ax.lo() + (b + 0.5) * dx;
      yc[b] = ay.lo() + (b + 0.5) * dy;
    }
    String caption = String.format(Locale.ROOT, "The joint marginal posterior of %s and %s from the %d weighted points of nested"
        + " sampling: the 68 %% (dark) and 95 %% (light) highest-density regions, each the fewest cells of a %d x %d grid holding"
        + " that share of the weight.", px.name(), py.name(), xyw.size(), BINS, BINS);
    return new Figure("posterior", "post-" + px.name() + "-" + py.name() + ".png", px.name() + " and " + py.name(), caption,
        Report.HEIGHT, Report.HEIGHT, Charts.png(Charts.credible(ax, ay, xc, yc, level, dx, dy), Report.HEIGHT, Report.HEIGHT));
  }

  /** 2 for the cells of the 68 % region, 1 for those the 95 % region adds, 0 outside; the heaviest cells first. */
  static int[][] levels(double[][] mass, double total) {
    int nx = mass.length;
    int ny = mass[0].length;
    Integer[] order = new Integer[nx * ny];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(mass[b / ny][b % ny], mass[a / ny][a % ny]));
    int[][] level = new int[nx][ny];
    double cum = 0;
    for (int k : order) {
      if (cum >= 0.95 * total || mass[k / ny][k % ny] <= 0) {
        break;
      }
      level[k / ny][k % ny] = cum < 0.68 * total ? 2 : 1;
      cum += mass[k / ny][k % ny];
    }
    return level;
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
