package org.hepscan.report;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.IterationStats;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.jfree.chart.JFreeChart;

/**
 * {@code OUTPUT/report/}: an HTML page with the scan's figures (PNGs in {@code img/} beside
 * it, so it opens from any disk with no network), drawn from the rows of the complete
 * iterations and from {@code progress.json}. Written at the end of every {@code hepscan
 * run} and on demand by {@code hepscan report}; a new report replaces the old one whole.
 */
public final class Report {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 400;
  /** The out-of-sample figures of {@code progress.json}'s model_quality that the report plots, bounded to [0, 1] ... */
  private static final List<String> SCORES = List.of("accuracy", "precision", "recall", "f1", "auc",
      "recall_3sigma", "coverage_3sigma");
  /** ... and in the units of what the regressor predicts. */
  private static final List<String> ERRORS = List.of("mae", "rmse");

  private Report() {
  }

  /** What was written: the page and its figures. */
  public record Written(Path index, List<Figure> figures, int iterations, long rows) {
  }

  /** Writes the report of the scan at {@code out}; Spark reads its rows. */
  public static Written write(SparkSession spark, ScanOutput out, ReportOptions options) throws IOException {
    String specText = out.readIfExists(out.spec())
        .orElseThrow(() -> new IOException(out.uri() + " has no spec.yaml: not the output of a hepscan scan"));
    ScanSpec spec = SpecReader.read(YamlDocument.parse(out.spec().toString(), specText), "scan");
    options.reference().check(spec.space().freeParameters().stream().map(p -> p.name()).toList());
    Checkpoint checkpoint = Checkpoint.load(out).orElse(null);
    int complete = checkpoint == null ? 0 : checkpoint.iteration();
    Progress progress = Progress.load(out).map(p -> p.complete() ? p : p.upTo(complete)).orElse(null);
    ReportData data = ReportData.gather(spark, out, spec, progress, complete, options);
    List<Figure> figures = figures(data, options.reference());
    figures.addAll(Posterior.figures(spark, out, spec, checkpoint));

    Path img = new Path(out.report(), "img");
    out.fs().delete(img, true);
    out.fs().mkdirs(img);
    for (Figure f : figures) {
      out.writeAtomically(new Path(img, f.file()), f.png());
    }
    Path index = new Path(out.report(), "index.html");
    out.writeAtomically(index, Html.page(data, figures, specText, models(out), out.uri(), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    return new Written(index, figures, complete, data.rows());
  }

  /** The JSON descriptions of the saved surrogates, by name. */
  private static Map<String, String> models(ScanOutput out) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (out.fs().exists(out.models())) {
      for (FileStatus s : out.fs().listStatus(out.models())) {
        String name = s.getPath().getName();
        if (name.endsWith(".json")) {
          m.put(name.substring(0, name.length() - 5), out.readIfExists(s.getPath()).orElse(""));
        }
      }
    }
    return m;
  }

  static List<Figure> figures(ReportData d) {
    return figures(d, ReportOptions.Ranges.NONE);
  }

  static List<Figure> figures(ReportData d, ReportOptions.Ranges reference) {
    List<Figure> out = new ArrayList<>();
    List<IterationStats> its = d.progress() == null ? List.of() : d.progress().iterations();
    if (its.isEmpty()) {
      return out;
    }
    double[] k = its.stream().mapToDouble(IterationStats::iteration).toArray();
    double[] eff = its.stream().mapToDouble(s -> 100 * s.efficiency()).toArray();
    double[] cumEff = its.stream().mapToDouble(s -> s.cumulativeEvaluations() == 0 ? Double.NaN
        : 100.0 * s.cumulativeInTarget() / s.cumulativeEvaluations()).toArray();
    double[] cumIn = its.stream().mapToDouble(IterationStats::cumulativeInTarget).toArray();
    ReportData.RandomReference ref = d.randomReference();

    JFreeChart e = Charts.lines("iteration", "efficiency (% of calls in target)",
        List.of(new Charts.Line("per iteration", k, eff, false), new Charts.Line("cumulative", k, cumEff, false)), true);
    String refText = "";
    if (ref != null && ref.inTarget() == 0) {
      refText = String.format(Locale.ROOT, " None of the scan's %d uniformly drawn points (origin random) was in target:"
          + " uniform random sampling would have an efficiency below %.2g %% (95 %% CL).", ref.points(), 100 * ref.upperLimit());
    } else if (ref != null) {
      Charts.reference(e, 100 * ref.efficiency(), String.format(Locale.ROOT, " random sampling %.3g %%", 100 * ref.efficiency()));
      refText = String.format(Locale.ROOT, " The dashed line is the efficiency of uniform random sampling in the scan's coordinates,"
          + " %.3g %% ± %.2g %%, measured on the scan's %d uniformly drawn points (origin random), %d of them in target.",
          100 * ref.efficiency(), 100 * ref.error(), ref.points(), ref.inTarget());
    }
    out.add(new Figure("progress", "efficiency.png", "Efficiency per iteration",
        "The share of each iteration's oracle calls that landed in the target region, and of all calls so far." + refText,
        Report.WIDTH, Report.HEIGHT, Charts.png(e, WIDTH, HEIGHT)));

    List<Charts.Line> cl = new ArrayList<>(List.of(new Charts.Line("this scan", k, cumIn, false)));
    if (ref != null && ref.inTarget() > 0) {
      double[] expected = its.stream().mapToDouble(s -> ref.efficiency() * s.cumulativeEvaluations()).toArray();
      cl.add(new Charts.Line("random sampling, same number of calls", k, expected, true));
    }
    out.add(new Figure("progress", "cumulative.png", "Accumulated in-target points",
        "In-target points found up to each iteration" + (ref != null && ref.inTarget() > 0 ? ", beside what uniform random sampling would have found with"
            + " the same number of calls (expected value)." : "."),
        WIDTH, HEIGHT, Charts.png(Charts.lines("iteration", "in-target points (cumulative)", cl, true), WIDTH, HEIGHT)));

    quality(its, k, out);

    if (d.inTarget() > 0) {
      for (ReportData.Axis a : d.parameters()) {
        Histogram h = d.parameterInTarget().get(a.name());
        double[] range = reference.ranges().get(a.name());
        JFreeChart chart = Charts.histograms(a.name(), List.of("in target"), List.of(h), List.of(Charts.BLUE), false);
        String compared = "";
        if (range != null) {
          Charts.edges(chart, range[0], range[1], reference.label());
          compared = String.format(Locale.ROOT, " They span %.4g to %.4g; dashed, %s: %.4g to %.4g.", h.smallest(), h.largest(),
              reference.label(), range[0], range[1]);
        }
        out.add(new Figure("parameters", "param-" + a.name() + ".png", a.name(),
            a.name() + " of the " + d.inTarget() + " in-target points, over the scanned range" + (a.log() ? " (log scale)" : "") + "."
                + compared + outside(h), WIDTH, HEIGHT, Charts.png(chart, WIDTH, HEIGHT)));
      }
    }
    ReportData.Marginals m = d.marginals();
    if (m != null) {
      for (ReportData.Axis a : d.parameters()) {
        double p = m.ksP().get(a.name());
        out.add(new Figure("faithfulness", "faith-" + a.name() + ".png", a.name() + ": chosen against uniform",
            String.format(Locale.ROOT, "%s of the %d in-target points the strategy chose, over those of the %d in-target points"
                + " among the uniformly drawn ones (origin random, a fair sample of the region), each as a share of its own points."
                + " Two-sample Kolmogorov-Smirnov p = %.2g%s.", a.name(), m.strategyPoints(), m.randomPoints(), p,
                p < 0.01 ? ": the strategy's points are not spread over this parameter as the region is" : ""),
            WIDTH, HEIGHT, Charts.png(Charts.shares(a.name(), List.of("uniformly drawn, in target", "chosen by the strategy, in target"),
                List.of(m.random().get(a.name()), m.strategy().get(a.name())), List.of(Charts.GREY, Charts.BLUE)), WIDTH, HEIGHT)));
      }
    }
    for (String o : d.observableOk().keySet()) {
      Histogram all = d.observableOk().get(o);
      Histogram in = d.observableInTarget().get(o);
      out.add(new Figure("observables", "obs-" + o + ".png", o,
          o + " of all " + d.ok() + " OK calls and of the " + d.inTarget() + " in target (counts on a log scale"
              + (all.log() ? ", bins on a log scale" : "") + "; the range holds 99 % of the OK values)." + outside(all),
          WIDTH, HEIGHT, Charts.png(Charts.histograms(o, List.of("all OK calls", "in target"), List.of(all, in),
              List.of(Charts.GREY, Charts.ORANGE), true), WIDTH, HEIGHT)));
    }

    if (!d.sample().isEmpty()) {
      String sampled = d.sample().size() < d.inTarget()
          ? " A sample of " + d.sample().size() + " of the " + d.inTarget() + " in-target points (drawn with the scan's seed)."
          : " All " + d.inTarget() + " in-target points.";
      int zi = d.colorBy() == null ? -1 : d.sampleColumns().indexOf(d.colorBy());
      for (List<String> p : d.pairs()) {
        int xi = d.sampleColumns().indexOf(p.get(0));
        int yi = d.sampleColumns().indexOf(p.get(1));
        out.add(new Figure("projections", "proj-" + p.get(0) + "-" + p.get(1) + ".png", p.get(1) + " against " + p.get(0),
            "In-target points projected on (" + p.get(0) + ", " + p.get(1) + ")" + (zi >= 0 ? ", coloured by " + d.colorBy() : "")
                + "; the axes span the scanned ranges." + sampled, WIDTH, HEIGHT,
            Charts.png(Charts.scatter(axis(d, p.get(0)), axis(d, p.get(1)), d.sample(), xi, yi, zi, d.colorBy(), true, 4f), WIDTH, HEIGHT)));
      }
      int n = d.parameters().size();
      if (n >= 2 && n <= ReportOptions.CORNER_MAX) {
        int panel = n <= 4 ? 160 : 120;
        int size = Charts.cornerSize(n, panel);
        out.add(new Figure("projections", "corner.png", "Corner plot",
            "Every pair of free parameters for the in-target points, with each parameter's histogram on the diagonal." + sampled,
            size, size, Charts.png(Charts.corner(d.parameters(), d.sample(), d.parameterInTarget(), panel))));
      }
    }

    if (d.callSeconds() != null) {
      out.add(new Figure("executors", "call-seconds.png", "Oracle call times",
          "Wall time of each of the " + d.rows() + " oracle calls" + (d.callSeconds().log() ? " (log scale)" : "") + "."
              + outside(d.callSeconds()), WIDTH, HEIGHT,
          Charts.png(Charts.histograms("seconds per call", List.of("calls"), List.of(d.callSeconds()), List.of(Charts.GREEN), true),
              WIDTH, HEIGHT)));
    }
    if (its.stream().anyMatch(s -> s.cores() > 0)) {
      double[] busy = its.stream().mapToDouble(s -> s.cores() > 0 ? 100 * s.executorBusyFraction() : Double.NaN).toArray();
      double[] round = its.stream().mapToDouble(s -> s.cores() > 0 ? 100 * s.roundBusyFraction() : Double.NaN).toArray();
      out.add(new Figure("executors", "busy.png", "Executor busy fraction",
          "The share of the executors' cores busy with oracle calls while each evaluation job ran, and over the whole round"
              + " (the job plus the time the executors waited for the driver between jobs).", WIDTH, HEIGHT,
          Charts.png(Charts.lines("iteration", "busy cores (%)", List.of(new Charts.Line("during the evaluation job", k, busy, false),
              new Charts.Line("over the round", k, round, false)), true), WIDTH, HEIGHT)));
    }
    if (its.stream().anyMatch(s -> s.roundSeconds() > 0)) {
      out.add(new Figure("executors", "round-seconds.png", "Time per round",
          "Each round's wall time against the evaluations so far, and its parts: the evaluation job, and what the driver did"
              + " (training, proposing the next batch, writing the rows; with pipelined rounds these overlap the next job)."
              + " Overhead = round time - oracle call seconds / cores: what the scan costs beyond its calls. In a long scan"
              + " it should stay flat as the history grows.", WIDTH, HEIGHT, roundTimes(its)));
    }
    return out;
  }

  /** The per-round times of {@code its} against cumulative evaluations, as a PNG (the report's, and {@code bench --sections scale}'s). */
  public static byte[] roundTimes(List<IterationStats> its) {
    double[] x = its.stream().mapToDouble(IterationStats::cumulativeEvaluations).toArray();
    List<Charts.Line> lines = List.of(
        new Charts.Line("round", x, its.stream().mapToDouble(IterationStats::roundSeconds).toArray(), false),
        new Charts.Line("evaluation job", x, its.stream().mapToDouble(IterationStats::evalSeconds).toArray(), false),
        new Charts.Line("train", x, its.stream().mapToDouble(IterationStats::trainSeconds).toArray(), false),
        new Charts.Line("propose", x, its.stream().mapToDouble(IterationStats::proposeSeconds).toArray(), false),
        new Charts.Line("write", x, its.stream().mapToDouble(IterationStats::writeSeconds).toArray(), false),
        new Charts.Line("overhead", x, its.stream().mapToDouble(Report::overheadSeconds).toArray(), true));
    return Charts.png(Charts.lines("evaluations (cumulative)", "seconds per round", lines, false), WIDTH, HEIGHT);
  }

  /** Round time beyond the oracle calls: round seconds - call seconds / cores (NaN without cores). */
  public static double overheadSeconds(IterationStats s) {
    return s.cores() > 0 && s.callSeconds() != null ? s.roundSeconds() - s.callSeconds().sum() / s.cores() : Double.NaN;
  }

  /** Values (e.g. heap bytes in MB) against cumulative evaluations, as a PNG. */
  public static byte[] againstEvaluations(String yLabel, String name, double[] evaluations, double[] values) {
    return Charts.png(Charts.lines("evaluations (cumulative)", yLabel, List.of(new Charts.Line(name, evaluations, values, false)), false),
        WIDTH, HEIGHT);
  }

  /** Named series, each its x and y values, as one PNG (bench figures such as B6's efficiency per iteration). */
  public static byte[] lines(String xLabel, String yLabel, Map<String, double[][]> series) {
    List<Charts.Line> lines = new ArrayList<>();
    series.forEach((name, xy) -> lines.add(new Charts.Line(name, xy[0], xy[1], false)));
    return Charts.png(Charts.lines(xLabel, yLabel, lines, false), WIDTH, HEIGHT);
  }

  /**
   * The surrogates' out-of-sample quality: each batch scored by the model that chose it,
   * before the model saw the oracle's answers. Bounded scores (accuracy, F1, ...) and
   * errors in the observables' units (MAE, RMSE) go on separate plots.
   */
  private static void quality(List<IterationStats> its, double[] k, List<Figure> out) {
    Map<String, double[]> bounded = new LinkedHashMap<>();
    Map<String, double[]> errors = new LinkedHashMap<>();
    for (int i = 0; i < its.size(); i++) {
      Map<String, Double> q = its.get(i).modelQuality();
      if (q == null) {
        continue;
      }
      for (Map.Entry<String, Double> m : q.entrySet()) {
        boolean error = ERRORS.contains(m.getKey());
        if (!error && !SCORES.contains(m.getKey())) {
          continue; // counts (rows) and figures of other scales
        }
        double[] series = (error ? errors : bounded).computeIfAbsent(m.getKey(), x -> nans(its.size()));
        series[i] = m.getValue() == null ? Double.NaN : m.getValue();
      }
    }
    String how = " Each batch is scored by the surrogate that chose it, before the oracle's answers were learned:"
        + " the honest out-of-sample measure.";
    if (!bounded.isEmpty()) {
      List<Charts.Line> l = new ArrayList<>();
      bounded.forEach((name, y) -> l.add(new Charts.Line(name, k, y, false)));
      out.add(new Figure("quality", "quality.png", "Surrogate quality on the next batch",
          "Classification of the batch into in target or not (" + String.join(", ", bounded.keySet()) + ")." + how,
          WIDTH, HEIGHT, Charts.png(Charts.bounded(Charts.lines("iteration", "score", l, true), 0, 1.02), WIDTH, HEIGHT)));
    }
    if (!errors.isEmpty()) {
      List<Charts.Line> l = new ArrayList<>();
      errors.forEach((name, y) -> l.add(new Charts.Line(name, k, y, false)));
      out.add(new Figure("quality", "quality-errors.png", "Surrogate errors on the next batch",
          "Errors of the regressor's predictions (" + String.join(", ", errors.keySet()) + ", in the units of what it predicts)." + how,
          WIDTH, HEIGHT, Charts.png(Charts.lines("iteration", "error", l, true), WIDTH, HEIGHT)));
    }
  }

  private static double[] nans(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  private static ReportData.Axis axis(ReportData d, String name) {
    return d.parameters().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static String outside(Histogram h) {
    long below = h.below();
    long above = h.above();
    if (below + above == 0) {
      return "";
    }
    return " Not drawn: " + (below > 0 ? below + " below " + Charts.number(h.lo()) : "") + (below > 0 && above > 0 ? ", " : "")
        + (above > 0 ? above + " above " + Charts.number(h.hi()) : "") + ".";
  }
}
