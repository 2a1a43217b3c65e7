package org.hepscan.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hepscan.space.Parameter;
import org.hepscan.spec.ScanSpec;
import org.hepscan.stats.TwoSample;
import org.hepscan.store.PointStore;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.target.Constraint;

/**
 * What a report draws, gathered from a scan's Parquet rows with a few Spark jobs whatever
 * the scan's size: histograms filled in one pass over the rows, a bounded sample of the
 * in-target points for the scatter plots, and the most frequent failure messages. The rest
 * comes from {@code progress.json}.
 *
 * @param parameters the free parameters, with the ranges and scales the scan sampled them on
 * @param randomReference the in-target fraction among uniformly drawn points (origin
 *     {@code random}: a strategy's initial and random-fraction points), the efficiency of
 *     plain random sampling in the scan's coordinates; null when there were none
 * @param sample in-target points for scatter plots: {@code sampleColumns} (the free
 *     parameters, then {@code colorBy}) per row
 * @param marginals the in-target points the strategy chose beside those drawn uniformly
 *     (origin {@code random}), per free parameter: how faithfully the strategy samples the
 *     region; null when the scan has too few of either
 */
public record ReportData(
    ScanSpec spec,
    Progress progress,
    int iterations,
    List<Axis> parameters,
    List<String> observables,
    String colorBy,
    List<List<String>> pairs,
    long rows,
    long inTarget,
    long ok,
    Map<String, Histogram> parameterInTarget,
    Map<String, Histogram> observableOk,
    Map<String, Histogram> observableInTarget,
    Histogram callSeconds,
    RandomReference randomReference,
    List<String> sampleColumns,
    List<double[]> sample,
    List<Failure> failures,
    Marginals marginals) {

  /** Fewer in-target points of either kind than this, and the marginals are not compared. */
  public static final int MIN_MARGINAL_POINTS = 20;
  /** At most this many points of each kind go into the Kolmogorov-Smirnov tests. */
  public static final int MAX_KS_POINTS = 5000;

  /**
   * Per free parameter: histograms of the in-target points the strategy chose (every origin
   * but {@code random} and {@code start}) and of the in-target points among the uniformly drawn ones, and the
   * two-sample Kolmogorov-Smirnov p-value of the two (on at most {@link #MAX_KS_POINTS} of
   * each, drawn with the scan's seed). The uniformly drawn in-target points are a fair
   * sample of the region: a strategy that covers the region has the same marginals.
   */
  public record Marginals(Map<String, Histogram> strategy, Map<String, Histogram> random, Map<String, Double> ksP,
                          long strategyPoints, long randomPoints) {
    /** The parameter with the smallest p-value. */
    public String worst() {
      return ksP.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
  }

  /** A free parameter's name and the range and scale its histograms and plots use; a sign parameter is -1 or +1. */
  public record Axis(String name, double lo, double hi, boolean log, boolean sign) {
  }

  public record RandomReference(long points, long inTarget) {
    public double efficiency() {
      return (double) inTarget / points;
    }

    /** The 95 % upper limit on the efficiency when no point was in target (the rule of three). */
    public double upperLimit() {
      return 3.0 / points;
    }

    /** The binomial standard error of {@link #efficiency()}. */
    public double error() {
      double p = efficiency();
      return Math.sqrt(Math.max(p * (1 - p), 1.0 / points) / points);
    }
  }

  /** How many calls ended with {@code status} and {@code message}. */
  public record Failure(String status, String message, long count) {
  }

  /** Reads the rows of the complete iterations {@code 1..iterations} of {@code out}. */
  public static ReportData gather(SparkSession spark, ScanOutput out, ScanSpec spec, Progress progress, int iterations,
                                  ReportOptions options) throws IOException {
    List<Axis> axes = axes(spec);
    List<String> observables = List.copyOf(spec.oracle().factory().observables());
    String colorBy = colorBy(spec, options, observables);
    List<List<String>> pairs = pairs(options, axes);
    if (iterations == 0) {
      return new ReportData(spec, progress, 0, axes, observables, colorBy, pairs, 0, 0, 0, Map.of(), Map.of(), Map.of(), null, null,
          List.of(), List.of(), List.of(), null);
    }
    // not cached: each pass reads only its columns of the Parquet files, which at 10^7 rows is
    // faster than building (and spilling) a cache of every column
    Dataset<Row> df = PointStore.dataset(spark, out, iterations);
    Map<String, Column> ranged = new LinkedHashMap<>();
    for (String o : observables) {
      ranged.put(o, functions.when(col("status").equalTo("OK"), col(o))); // observables: of OK rows
    }
    ranged.put("seconds", col("seconds"));
    Map<String, double[]> ranges = ranges(df, ranged, spec.seed());
    Map<String, Histogram> obsBins = new LinkedHashMap<>();
    for (String o : observables) {
      if (ranges.containsKey(o)) {
        obsBins.put(o, binsFor(ranges.get(o), options.bins()));
      }
    }
    double[] secondsRange = ranges.get("seconds");
    Fill zero = new Fill(axes, obsBins, secondsRange == null ? null : binsFor(secondsRange, options.bins()), options.bins());
    List<String> columns = new ArrayList<>(List.of("status", "in_target", "origin", "seconds"));
    axes.forEach(a -> columns.add(a.name()));
    columns.addAll(obsBins.keySet());
    Fill f = df.select(columns.stream().map(functions::col).toArray(Column[]::new)).javaRDD()
        .treeAggregate(zero, Fill::add, Fill::merge);

    List<String> sampleColumns = new ArrayList<>();
    axes.forEach(a -> sampleColumns.add(a.name()));
    if (colorBy != null) {
      sampleColumns.add(colorBy);
    }
    List<double[]> sample = new ArrayList<>();
    if (f.inTarget > 0) {
      double fraction = Math.min(1.0, 1.1 * options.maxPoints() / f.inTarget);
      Dataset<Row> in = df.filter(col("in_target"));
      if (fraction < 1) {
        in = in.sample(false, fraction, spec.seed());
      }
      for (Row r : in.orderBy("id").select(sampleColumns.stream().map(functions::col).toArray(Column[]::new))
          .limit(options.maxPoints()).collectAsList()) {
        double[] v = new double[sampleColumns.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = r.getDouble(i);
        }
        sample.add(v);
      }
    }
    List<Failure> failures = new ArrayList<>();
    for (Row r : df.filter(col("status").notEqual("OK")).groupBy("status", "message").count()
        .orderBy(col("count").desc(), col("status"), col("message")).limit(12).collectAsList()) {
      failures.add(new Failure(r.getString(0), r.getString(1), r.getLong(2)));
    }
    Marginals marginals = null;
    long strategyInTarget = f.inTarget - f.randomInTarget - f.startInTarget;
    if (f.randomInTarget >= MIN_MARGINAL_POINTS && strategyInTarget >= MIN_MARGINAL_POINTS) {
      List<String> names = axes.stream().map(Axis::name).toList();
      Dataset<Row> in = df.filter(col("in_target"));
      double[][] random = points(in.filter(col("origin").equalTo("random")), names, f.randomInTarget, spec.seed());
      double[][] chosen = points(in.filter(col("origin").notEqual("random").and(col("origin").notEqual("start"))), names,
          strategyInTarget, spec.seed());
      Map<String, Double> ks = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        ks.put(names.get(i), TwoSample.ksP(TwoSample.column(chosen, i), TwoSample.column(random, i)));
      }
      marginals = new Marginals(f.parameterInTargetStrategy, f.parameterInTargetRandom, ks, strategyInTarget, f.randomInTarget);
    }
    return new ReportData(spec, progress, iterations, axes, observables, colorBy, pairs, f.rows, f.inTarget, f.ok,
        f.parameterInTarget, f.observableOk, f.observableInTarget, f.seconds,
        f.randomPoints > 0 ? new RandomReference(f.randomPoints, f.randomInTarget) : null, sampleColumns, sample, failures,
        marginals);
  }

  /** The {@code names} columns of at most {@link #MAX_KS_POINTS} of the {@code count} rows, drawn with {@code seed}. */
  private static double[][] points(Dataset<Row> rows, List<String> names, long count, long seed) {
    if (count > MAX_KS_POINTS) {
      rows = rows.sample(false, Math.min(1.0, 1.1 * MAX_KS_POINTS / count), seed);
    }
    List<Row> collected = rows.orderBy("id").select(names.stream().map(functions::col).toArray(Column[]::new))
        .limit(MAX_KS_POINTS).collectAsList();
    double[][] out = new double[collected.size()][names.size()];
    for (int k = 0; k < out.length; k++) {
      for (int i = 0; i < names.size(); i++) {
        out[k][i] = collected.get(k).getDouble(i);
      }
    }
    return out;
  }

  private static List<Axis> axes(ScanSpec spec) {
    List<Axis> axes = new ArrayList<>();
    for (Parameter p : spec.space().freeParameters()) {
      if (p.kind() == Parameter.Kind.SIGN) {
        axes.add(new Axis(p.name(), -1.5, 1.5, false, true));
      } else {
        axes.add(new Axis(p.name(), p.min(), p.max(), p.scale() == Parameter.Scale.LOG, false));
      }
    }
    return axes;
  }

  /** The named observable, else the first one a constraint of the target reads, else the first one. */
  private static String colorBy(ScanSpec spec, ReportOptions options, List<String> observables) {
    if (options.colorBy() != null) {
      if (!observables.contains(options.colorBy())) {
        throw new IllegalArgumentException("cannot colour by '" + options.colorBy() + "': the oracle's observables are "
            + String.join(", ", observables));
      }
      return options.colorBy();
    }
    for (Constraint c : spec.target().constraints()) {
      if (observables.contains(c.observable())) {
        return c.observable();
      }
    }
    return observables.isEmpty() ? null : observables.get(0);
  }

  private static List<List<String>> pairs(ReportOptions options, List<Axis> axes) {
    List<String> names = axes.stream().map(Axis::name).toList();
    if (!options.pairs().isEmpty()) {
      for (List<String> p : options.pairs()) {
        for (String n : p) {
          if (!names.contains(n)) {
            throw new IllegalArgumentException("cannot project on '" + n + "': the free parameters are " + String.join(", ", names));
          }
        }
        if (p.size() != 2 || p.get(0).equals(p.get(1))) {
          throw new IllegalArgumentException("a projection needs two different parameters, got " + p);
        }
      }
      return options.pairs();
    }
    // consecutive pairs first (x1-x2, x3-x4, ...), then the rest of the first parameter's pairs
    LinkedHashSet<List<String>> out = new LinkedHashSet<>();
    for (int i = 0; i + 1 < names.size() && out.size() < ReportOptions.DEFAULT_PAIRS; i += 2) {
      out.add(List.of(names.get(i), names.get(i + 1)));
    }
    for (int j = 2; j < names.size() && out.size() < ReportOptions.DEFAULT_PAIRS; j++) {
      out.add(List.of(names.get(0), names.get(j)));
    }
    return List.copyOf(out);
  }

  /** Values per column the quantiles of {@link #ranges} are estimated from, at most (a uniform sample beyond). */
  static final long QUANTILE_ROWS = 1_000_000;

  /**
   * [lo, hi] per column ({@code columns}: name to the values, null where a row does not
   * count): the 0.5 % and 99.5 % quantiles (so that a few wild values, such as a code's 1e30
   * for "not computed", do not squeeze the histogram into one bin), widened to the true
   * extremes when those are near. Columns with no value are left out. The extremes come
   * from every row; the quantiles, beyond {@value #QUANTILE_ROWS} rows, from a uniform sample
   * of that many drawn with {@code seed} (their rank error, about 10^-4, is far below a bin).
   */
  private static Map<String, double[]> ranges(Dataset<Row> rows, Map<String, Column> columns, long seed) {
    Map<String, double[]> out = new LinkedHashMap<>();
    if (columns.isEmpty()) {
      return out;
    }
    String[] cols = columns.keySet().toArray(String[]::new);
    List<Column> values = new ArrayList<>();
    for (Map.Entry<String, Column> c : columns.entrySet()) {
      // NaN is no value (Spark orders it above every number, and would make it the maximum)
      values.add(functions.when(functions.not(functions.isnan(c.getValue())), c.getValue()).alias(c.getKey()));
    }
    Dataset<Row> v = rows.select(values.toArray(Column[]::new));
    List<Column> extremes = new ArrayList<>();
    for (String c : cols) {
      extremes.add(functions.min(col(c)));
      extremes.add(functions.max(col(c)));
    }
    extremes.add(functions.count(functions.lit(1)));
    Row e = v.agg(extremes.get(0), extremes.subList(1, extremes.size()).toArray(Column[]::new)).first();
    long n = e.getLong(2 * cols.length);
    Dataset<Row> sample = n > QUANTILE_ROWS ? v.sample(false, Math.min(1.0, 1.05 * QUANTILE_ROWS / n), seed) : v;
    double[][] q = sample.stat().approxQuantile(cols, new double[] {0.005, 0.995}, 0.0005);
    for (int i = 0; i < cols.length; i++) {
      if (q[i].length < 2 || !Double.isFinite(q[i][0]) || !Double.isFinite(q[i][1])) {
        continue;
      }
      double lo = q[i][0];
      double hi = q[i][1];
      double span = hi - lo;
      double min = e.isNullAt(2 * i) ? Double.NaN : e.getDouble(2 * i);
      double max = e.isNullAt(2 * i + 1) ? Double.NaN : e.getDouble(2 * i + 1);
      if (Double.isFinite(min) && min >= lo - 0.05 * span) {
        lo = Math.min(lo, min);
      }
      if (Double.isFinite(max) && max <= hi + 0.05 * span) {
        hi = Math.max(hi, max);
      }
      out.put(cols[i], new double[] {lo, hi});
    }
    return out;
  }

  /** Bins over a range, log-spaced for a positive quantity spanning more than three decades. */
  static Histogram binsFor(double[] range, int bins) {
    double lo = range[0];
    double hi = range[1];
    if (lo > 0 && hi / lo > 1000) {
      return new Histogram(lo, hi, bins, true);
    }
    if (!(hi > lo)) {
      double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.01;
      return new Histogram(lo - pad, hi + pad, bins, false);
    }
    return new Histogram(lo, hi, bins, false);
  }

  /** The one-pass fill: counts and histograms of a partition's rows, merged across partitions. */
  public static final class Fill implements Serializable {
    private static final long serialVersionUID = 1L;
    final Map<String, Histogram> parameterInTarget = new LinkedHashMap<>();
    final Map<String, Histogram> parameterInTargetRandom = new LinkedHashMap<>();
    final Map<String, Histogram> parameterInTargetStrategy = new LinkedHashMap<>();
    final Map<String, Histogram> observableOk = new LinkedHashMap<>();
    final Map<String, Histogram> observableInTarget = new LinkedHashMap<>();
    final Histogram seconds;
    long rows;
    long ok;
    long inTarget;
    long randomPoints;
    long randomInTarget;
    /** In-target start rows (strategy.start_from): neither the strategy's choice nor uniform draws. */
    long startInTarget;

    Fill(List<Axis> axes, Map<String, Histogram> observableBins, Histogram seconds, int bins) {
      for (Axis a : axes) {
        Histogram h = new Histogram(a.lo(), a.hi(), a.sign() ? 3 : bins, a.log());
        parameterInTarget.put(a.name(), h);
        parameterInTargetRandom.put(a.name(), h.emptyCopy());
        parameterInTargetStrategy.put(a.name(), h.emptyCopy());
      }
      observableBins.forEach((name, h) -> {
        observableOk.put(name, h.emptyCopy());
        observableInTarget.put(name, h.emptyCopy());
      });
      this.seconds = seconds;
    }

    static Fill add(Fill f, Row r) {
      f.rows++;
      boolean ok = "OK".equals(r.getString(0));
      boolean in = r.getBoolean(1);
      boolean random = "random".equals(r.getString(2));
      boolean start = "start".equals(r.getString(2));
      if (random) {
        f.randomPoints++;
        f.randomInTarget += in ? 1 : 0;
      }
      if (start && in && ok) {
        f.startInTarget++;
      }
      if (f.seconds != null) {
        f.seconds.add(r.getDouble(3));
      }
      int i = 4;
      for (Map.Entry<String, Histogram> e : f.parameterInTarget.entrySet()) {
        if (in) {
          double x = r.getDouble(i);
          e.getValue().add(x);
          if (!start) {
            (random ? f.parameterInTargetRandom : f.parameterInTargetStrategy).get(e.getKey()).add(x);
          }
        }
        i++;
      }
      if (ok) {
        f.ok++;
        f.inTarget += in ? 1 : 0;
        for (String name : f.observableOk.keySet()) {
          double v = r.getDouble(i++);
          f.observableOk.get(name).add(v);
          if (in) {
            f.observableInTarget.get(name).add(v);
          }
        }
      }
      return f;
    }

    static Fill merge(Fill a, Fill b) {
      a.rows += b.rows;
      a.ok += b.ok;
      a.inTarget += b.inTarget;
      a.randomPoints += b.randomPoints;
      a.randomInTarget += b.randomInTarget;
      a.startInTarget += b.startInTarget;
      a.parameterInTarget.forEach((k, h) -> h.merge(b.parameterInTarget.get(k)));
      a.parameterInTargetRandom.forEach((k, h) -> h.merge(b.parameterInTargetRandom.get(k)));
      a.parameterInTargetStrategy.forEach((k, h) -> h.merge(b.parameterInTargetStrategy.get(k)));
      a.observableOk.forEach((k, h) -> h.merge(b.observableOk.get(k)));
      a.observableInTarget.forEach((k, h) -> h.merge(b.observableInTarget.get(k)));
      if (a.seconds != null) {
        a.seconds.merge(b.seconds);
      }
      return a;
    }
  }
}
