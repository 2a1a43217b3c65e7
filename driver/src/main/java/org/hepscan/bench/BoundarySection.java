package org.hepscan.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.spec.ScanSpec;
import org.hepscan.strategy.BoundaryStrategy;
import org.hepscan.strategy.DnncStrategy;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.strategy.nested.InProcessRun;
import org.hepscan.surrogate.ModelQuality;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * Boundary active learning against random sampling (papers/002 sec. 3.1; issue 19) on B7:
 * the built-in pmssm oracle, 19 dimensions, target valid + neutral LSP + chargino above
 * 103.5 GeV + 124 < mh < 126 GeV. What is compared is the classifier of the target each
 * way of choosing labels gives, on one fixed test set of uniform points the oracle labelled:
 *
 * <ul>
 *   <li>random: the committee's model (5 networks) trained on the full budget of uniform
 *       labels: the accuracy to reach;
 *   <li>boundary, committee and dropout: the labels after which its classifier first reaches
 *       that accuracy (iterations of 250 labels after 500 uniform ones);
 *   <li>dnnc at the same budget (B7's settings), side by side: its classifier is trained on
 *       labels chosen to find in-target points, not to draw the boundary.
 * </ul>
 *
 * Every classifier trains 50 epochs in batches of 256 (B7's dnnc settings), so the
 * comparison is of the labels, not of the training. Seeds 1-3.
 */
public final class BoundarySection implements BenchSection {
  static final int EPOCHS = 50;

  @Override
  public String name() {
    return "boundary";
  }

  @Override
  public String title() {
    return "Boundary active learning on B7 (pMSSM-19, built-in oracle): labels to reach random sampling's classifier";
  }

  record Curve(String method, long seed, List<Long> labels, List<Double> accuracy, List<Double> f1, List<Double> auc) {
    /** Labels after which {@code figure} (accuracy or F1) first reached {@code goal}, or -1. */
    long reached(List<Double> figure, double goal) {
      for (int i = 0; i < labels.size(); i++) {
        if (figure.get(i) >= goal) {
          return labels.get(i);
        }
      }
      return -1;
    }

    /** Accuracy (0), F1 (1) or AUC (2) after each iteration. */
    List<Double> figure(int i) {
      return i == 0 ? accuracy : i == 1 ? f1 : auc;
    }

    double last(List<Double> v) {
      return v.get(v.size() - 1);
    }
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    boolean smoke = mode.smoke();
    int budget = smoke ? 700 : 6000;
    int testSize = smoke ? 2000 : 20_000;
    Benchmark b7 = Benchmarks.load().select("B7").get(0);
    ScanSpec spec = b7.spec("dnnc", 1, mode, "unused");
    Map<String, Object> model = smoke ? Map.of("hidden", List.of(32, 32), "epochs", 5, "batch_size", 256)
        : Map.of("epochs", EPOCHS, "batch_size", 256);
    double[][] testX;
    double[] testY;
    try (Oracle oracle = spec.oracle().factory().create()) {
      Labelled test = label(spec, oracle, testSize, new SplittableRandom(99));
      testX = test.x;
      testY = test.y;
    }
    long[] seeds = smoke ? new long[] {1} : new long[] {1, 2, 3};
    List<Curve> curves = new ArrayList<>();
    Map<Long, double[]> random = new LinkedHashMap<>();
    for (long seed : seeds) {
      try (Oracle oracle = spec.oracle().factory().create()) {
        Labelled train = label(spec, oracle, budget, new SplittableRandom(seed));
        Map<String, Object> committee = new LinkedHashMap<>(model);
        committee.put("ensemble", 5);
        try (Surrogate s = SurrogateCatalog.parse(Options.of("model", committee), Task.CLASSIFICATION)
            .fit(spark, TrainingSet.of(train.x, train.y, Task.CLASSIFICATION), seed, null, 0)) {
          Map<String, Double> q = ModelQuality.classification(spark, s.predict(testX).column(0), testY, 0.5);
          random.put(seed, new double[] {q.get("accuracy"), q.get("f1"), q.getOrDefault("auc", 0.5)});
        }
        for (String method : List.of("committee", "dropout", "dnnc")) {
          curves.add(curve(spark, spec, oracle, method, model, smoke, budget, seed, testX, testY));
        }
      }
    }
    return table(curves, random, budget, testY, smoke);
  }

  private record Labelled(double[][] x, double[] y) {
  }

  /** {@code n} uniform points of B7's space with their class, as the oracle and target give it. */
  private static Labelled label(ScanSpec spec, Oracle oracle, int n, SplittableRandom rng) throws Exception {
    int d = spec.space().dimension();
    double[][] x = new double[n][d];
    double[] y = new double[n];
    Faithfulness.InProcess context = new Faithfulness.InProcess();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = rng.nextDouble();
      }
      double[] physical = spec.space().toPhysical(x[i]);
      Evaluation e = spec.target().apply(oracle.evaluate(new Point(i, 0, "test", physical), context));
      y[i] = e.inTarget() ? 1 : 0;
      // as a scan's rows are read back: from their values (a sign is the middle of its half)
      x[i] = spec.space().toUnit(physical);
    }
    return new Labelled(x, y);
  }

  private static Curve curve(SparkSession spark, ScanSpec spec, Oracle oracle, String method, Map<String, Object> model,
      boolean smoke, int budget, long seed, double[][] testX, double[] testY) {
    Strategy strategy = strategy(spec, method, model, smoke);
    ScanContext context = new ScanContext(spark, spec.space(), spec.target(), seed);
    Faithfulness.InProcess calls = new Faithfulness.InProcess();
    InProcessRun run = InProcessRun.withOracle(spec.space(), strategy, (point, x) -> {
      try {
        return oracle.evaluate(point, calls);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, context, seed);
    List<Long> labels = new ArrayList<>();
    List<Double> acc = new ArrayList<>();
    List<Double> f1 = new ArrayList<>();
    List<Double> auc = new ArrayList<>();
    for (int it = 1; run.history().size() < budget; it++) {
      run.until(it, budget);
      TrainedModel m = strategy.models().get("classifier");
      if (m == null) {
        continue;
      }
      Map<String, Double> q = ModelQuality.classification(spark, m.model().predict(testX).column(0), testY, 0.5);
      labels.add((long) run.history().size());
      acc.add(q.get("accuracy"));
      f1.add(q.getOrDefault("f1", 0.0));
      auc.add(q.getOrDefault("auc", 0.5));
    }
    return new Curve(method, seed, labels, acc, f1, auc);
  }

  private static Strategy strategy(ScanSpec spec, String method, Map<String, Object> model, boolean smoke) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (method.equals("dnnc")) {
      s.put("name", "dnnc");
      s.put("initial", smoke ? 200 : 1000);
      s.put("batch", smoke ? 100 : 500);
      s.put("candidates", smoke ? 2000 : 20_000);
      s.put("model", model);
      return DnncStrategy.Config.parse(Options.of("strategy", s), spec.space()).newStrategy();
    }
    s.put("name", "boundary");
    s.put("query", method);
    s.put("initial", smoke ? 200 : 500);
    s.put("batch", smoke ? 100 : 250);
    s.put("candidates", smoke ? 2000 : 20_000);
    s.put("model", model);
    return BoundaryStrategy.Config.parse(Options.of("strategy", s), spec.space()).newStrategy();
  }

  private static String times(double min) {
    return Double.isNaN(min) ? "not reached on every seed — **not met**"
        : String.format(Locale.ROOT, "at least %.1fx", min) + (min >= 3 ? " — met" : " — **not met**");
  }

  private static String pmOf(Map<Long, double[]> random, int figure, String fmt) {
    return NestedEvidenceSection.pm(random.values().stream().mapToDouble(v -> v[figure]).toArray(), fmt);
  }

  private static String ratio(List<Double> ratios) {
    long reached = ratios.stream().filter(r -> !r.isNaN()).count();
    return reached < ratios.size() ? "< 1 on " + (ratios.size() - reached) + " of " + ratios.size() + " seeds"
        : NestedEvidenceSection.pm(ratios.stream().mapToDouble(Double::doubleValue).toArray(), "%.1f");
  }

  private static String table(List<Curve> curves, Map<Long, double[]> random, int budget, double[] testY, boolean smoke) {
    double positives = StatUtils.sum(testY) / testY.length;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Test set: %,d uniform points labelled by the oracle (%.2f %% in target: a"
        + " classifier that always says no is %.4f accurate). Budget %,d labels. Accuracy and F1 of each classifier on the"
        + " test set; %d seed%s, mean ± standard deviation.%n%n", testY.length, 100 * positives, 1 - positives, budget,
        random.size(), random.size() == 1 ? "" : "s"));
    s.append("Accuracy rewards a classifier that never says yes where the target is this rare, so labels are"
        + " counted to each of three figures of random's classifier: its accuracy, its F1 and its ROC AUC (how well"
        + " the classifier orders points, whatever its cut).\n\n");
    s.append("| method | accuracy at the budget | F1 at the budget | AUC at the budget | labels to reach random's accuracy"
        + " | fewer | labels to reach random's F1 | fewer | labels to reach random's AUC | fewer |\n");
    s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    s.append(String.format(Locale.ROOT, "| random (5 networks) | %s | %s | %s | %,d | 1 | %,d | 1 | %,d | 1 |%n",
        pmOf(random, 0, "%.4f"), pmOf(random, 1, "%.3f"), pmOf(random, 2, "%.3f"), budget, budget, budget));
    List<String> goals = new ArrayList<>();
    for (String method : List.of("committee", "dropout", "dnnc")) {
      List<Curve> c = curves.stream().filter(x -> x.method().equals(method)).toList();
      StringBuilder row = new StringBuilder("| " + (method.equals("dnnc") ? "dnnc" : "boundary, " + method) + " |");
      for (int figure = 0; figure < 3; figure++) {
        int f = figure;
        double[] v = c.stream().mapToDouble(x -> x.last(x.figure(f))).toArray();
        row.append(' ').append(NestedEvidenceSection.pm(v, figure == 0 ? "%.4f" : "%.3f")).append(" |");
      }
      double[] minRatio = new double[3];
      for (int figure = 0; figure < 3; figure++) {
        List<String> reached = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Curve x : c) {
          long n = x.reached(x.figure(figure), random.get(x.seed())[figure]);
          reached.add(n < 0 ? "not reached" : String.format(Locale.ROOT, "%,d", n));
          ratios.add(n < 0 ? Double.NaN : (double) budget / n);
        }
        minRatio[figure] = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        row.append(' ').append(String.join(" / ", reached)).append(" | ").append(ratio(ratios)).append(" |");
      }
      s.append(row).append('\n');
      if (!method.equals("dnnc")) {
        goals.add(String.format(Locale.ROOT, "- %s: at least 3x fewer labels than random, every seed: to its accuracy %s,"
            + " to its F1 %s, to its AUC %s%n", method, times(minRatio[0]), times(minRatio[1]), times(minRatio[2])));
      }
    }
    s.append("\nPer seed, the labels column lists the seeds in order 1, 2, 3.\n\n");
    s.append(smoke ? "Goals (issue 19; a smoke run's budget and networks are not the goal's settings):\n\n" : "Goals (issue 19):\n\n");
    goals.forEach(s::append);
    s.append("\nAccuracy and AUC after each iteration (seed 1):\n\n| labels | ");
    List<Curve> first = curves.stream().filter(x -> x.seed() == curves.get(0).seed()).toList();
    s.append(String.join(" | ", first.stream().map(x -> x.method() + " accuracy | " + x.method() + " AUC").toList()))
        .append(" |\n| ---: |");
    s.append(" ---: |".repeat(2 * first.size())).append("\n");
    java.util.TreeSet<Long> all = new java.util.TreeSet<>();
    first.forEach(x -> all.addAll(x.labels()));
    for (long n : all) {
      s.append(String.format(Locale.ROOT, "| %,d |", n));
      for (Curve x : first) {
        int i = x.labels().indexOf(n);
        s.append(i < 0 ? " | |" : String.format(Locale.ROOT, " %.4f | %.3f |", x.accuracy().get(i), x.auc().get(i)));
      }
      s.append("\n");
    }
    return s.toString();
  }
}
