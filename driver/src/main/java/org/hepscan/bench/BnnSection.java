package org.hepscan.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.surrogate.ModelQuality;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.SurrogateSpec;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * papers/003 on real SoftSUSY answers: a Bayesian network ({@code model: {type: bnn}} with its
 * defaults) against a deterministic network of the same shape (5 x 50, leaky ReLU, the
 * nearest activation the mlp family has to PReLU, its default 1,000 epochs) and against a
 * 10-network deep ensemble of it, on the viability of pMSSM-19 points (SoftSUSY exit code 0)
 * and on the light Higgs mass of the valid ones. Every model trains on the 6,000-point
 * reference table and is tested on 10,000 points of the independent 50,000-point one. Seeds
 * 1-3 (each model's own seed), mean ± standard deviation over them.
 *
 * <p>Figures as papers/003: precision, recall and F1 at the mean cut (0.5) and at mean + 3σ;
 * percent error and the share of true masses inside mean ± 3σ (with the learnt output σ,
 * and with the networks' spread alone, the paper's measure). Prediction cost: the BNN's
 * networks, all at once on both cores of the machine.
 */
public final class BnnSection implements BenchSection {
  static final int TEST_ROWS = 10_000;

  @Override
  public String name() {
    return "bnn";
  }

  @Override
  public String title() {
    return "Bayesian networks on real SoftSUSY answers (papers/003): viability and mh, BNN vs one network vs a 10-network ensemble";
  }

  /** The model sections compared, by the name the tables give them. */
  static Map<String, Map<String, Object>> models(boolean smoke) {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    List<Integer> shape = List.of(50, 50, 50, 50, 50);
    if (smoke) {
      m.put("bnn", Map.of("type", "bnn", "hidden", 2, "width", 16, "networks", 10, "thin", 1, "burn_in", 10,
          "leapfrog", 5, "pretrain_epochs", 5));
      m.put("mlp", Map.of("type", "mlp", "hidden", List.of(16, 16), "activation", "leaky-relu", "epochs", 3));
      m.put("ensemble", Map.of("type", "mlp", "hidden", List.of(16, 16), "activation", "leaky-relu", "epochs", 3,
          "ensemble", 3));
    } else {
      m.put("bnn", Map.of("type", "bnn"));
      m.put("mlp", Map.of("type", "mlp", "hidden", shape, "activation", "leaky-relu"));
      m.put("ensemble", Map.of("type", "mlp", "hidden", shape, "activation", "leaky-relu", "ensemble", 10));
    }
    return m;
  }

  /** One model's figures on the test rows. */
  record Outcome(String model, Task task, long seed, Map<String, Double> figures, double trainSeconds,
                 double predictMicros, int members) {
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    Path dir = SoftsusyReference.directory();
    boolean smoke = mode.smoke();
    SoftsusyReference train = SoftsusyReference.load(dir, SoftsusyReference.SMALL, 0, smoke ? 600 : 0);
    SoftsusyReference test = SoftsusyReference.load(dir, SoftsusyReference.LARGE, 0, smoke ? 1000 : TEST_ROWS);
    long[] seeds = smoke ? new long[] {1} : new long[] {1, 2, 3};
    List<Outcome> outcomes = new ArrayList<>();
    for (long seed : seeds) {
      for (Map.Entry<String, Map<String, Object>> e : models(smoke).entrySet()) {
        outcomes.add(viability(spark, e.getKey(), e.getValue(), train, test, seed));
        outcomes.add(higgs(spark, e.getKey(), e.getValue(), train.withMh(), test.withMh(), seed));
      }
    }
    return table(outcomes, train, test, seeds.length, smoke);
  }

  private static Outcome viability(SparkSession spark, String name, Map<String, Object> section,
      SoftsusyReference train, SoftsusyReference test, long seed) {
    SurrogateSpec spec = SurrogateCatalog.parse(Options.of("model", section), Task.CLASSIFICATION);
    long t0 = System.nanoTime();
    try (Surrogate model = spec.fit(spark, TrainingSet.of(train.x(), train.labels(), Task.CLASSIFICATION), seed, null, 0)) {
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      double micros = predictMicros(model, test.x());
      Prediction p = model.predict(test.x());
      double[] label = test.labels();
      Map<String, Double> f = new LinkedHashMap<>(ModelQuality.classification(spark, p.column(0), label, 0.5));
      if (p.hasStd()) {
        f.putAll(ModelQuality.classificationSpread(p.column(0), p.std(0), label, 0.5));
      }
      return new Outcome(name, Task.CLASSIFICATION, seed, f, trainSeconds, micros, p.memberCount());
    }
  }

  private static Outcome higgs(SparkSession spark, String name, Map<String, Object> section, SoftsusyReference train,
      SoftsusyReference test, long seed) {
    SurrogateSpec spec = SurrogateCatalog.parse(Options.of("model", section), Task.REGRESSION);
    long t0 = System.nanoTime();
    try (Surrogate model = spec.fit(spark, TrainingSet.of(train.x(), train.mh(), Task.REGRESSION), seed, null, 0)) {
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      double micros = predictMicros(model, test.x());
      Prediction p = model.predict(test.x());
      double[][] actual = new double[test.size()][];
      for (int i = 0; i < actual.length; i++) {
        actual[i] = new double[] {test.mh()[i]};
      }
      List<String> names = List.of("mh");
      Map<String, Double> f = new LinkedHashMap<>(ModelQuality.regression(spark, p.mean(), actual, names));
      if (p.hasStd()) {
        f.putAll(ModelQuality.regressionSpread(p.mean(), p.std(), actual, names));
      } else {
        // no spread, so no coverage; the percent error is still the model's
        f.put("percent_error", ModelQuality.regressionSpread(p.mean(), new double[actual.length][1], actual, names)
            .get("percent_error"));
      }
      if (p.memberCount() > 1) {
        // The networks' spread alone, without the learnt output sigma: papers/003's measure.
        double[][] spread = new double[test.size()][1];
        for (int i = 0; i < spread.length; i++) {
          double s = 0;
          double ss = 0;
          for (int k = 0; k < p.memberCount(); k++) {
            double v = p.members()[k][i][0];
            s += v;
            ss += v * v;
          }
          double mean = s / p.memberCount();
          spread[i][0] = Math.sqrt(Math.max(0, ss / p.memberCount() - mean * mean));
        }
        f.put("coverage_3sigma_networks", ModelQuality.regressionSpread(p.mean(), spread, actual, names)
            .get("coverage_3sigma"));
      }
      return new Outcome(name, Task.REGRESSION, seed, f, trainSeconds, micros, p.memberCount());
    }
  }

  /**
   * Microseconds per point of the model's mean and std over {@code x}, on both cores (the
   * best of three passes after a warm-up: the machine is shared).
   */
  static double predictMicros(Surrogate model, double[][] x) {
    return AllCores.run(() -> {
      summary(model, x);
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 3; r++) {
        long t0 = System.nanoTime();
        summary(model, x);
        best = Math.min(best, (System.nanoTime() - t0) / 1e3 / x.length);
      }
      return best;
    });
  }

  private static void summary(Surrogate model, double[][] x) {
    if (model instanceof org.hepscan.surrogate.bnn.BnnSurrogate b) {
      b.predict(x, false);
    } else {
      model.predict(x);
    }
  }

  private static String table(List<Outcome> outcomes, SoftsusyReference train, SoftsusyReference test, int seeds,
      boolean smoke) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Trained on the %,d points of %s (%,d with a Higgs mass), tested on %,d points of"
        + " %s (%,d with a Higgs mass); %d seed%s, mean ± standard deviation over them; %d cores.%n%n", train.size(),
        SoftsusyReference.SMALL, train.withMh().size(), test.size(), SoftsusyReference.LARGE, test.withMh().size(), seeds,
        seeds == 1 ? "" : "s", Runtime.getRuntime().availableProcessors()));
    s.append("Viability (SoftSUSY exit code 0), at the mean cut 0.5 and at mean + 3σ ≥ 0.5:\n\n");
    s.append("| model | accuracy | precision | recall | F1 | precision 3σ | recall 3σ | F1 3σ | train s | predict µs/point |\n");
    s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String m : names(outcomes)) {
      List<Outcome> o = select(outcomes, m, Task.CLASSIFICATION);
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", label(o), fig(o, "accuracy"),
          fig(o, "precision"), fig(o, "recall"), fig(o, "f1"), fig(o, "precision_3sigma"), fig(o, "recall_3sigma"),
          fig(o, "f1_3sigma"), num(o, Outcome::trainSeconds, "%,.0f"), num(o, Outcome::predictMicros, "%.1f")));
    }
    s.append("\nLight Higgs mass of the valid points (GeV); coverage: share of true masses inside mean ± 3σ, with the"
        + " learnt output σ and with the networks' spread alone:\n\n");
    s.append("| model | RMSE | percent error | coverage 3σ | coverage 3σ, networks only | train s | predict µs/point |\n");
    s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String m : names(outcomes)) {
      List<Outcome> o = select(outcomes, m, Task.REGRESSION);
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", label(o), fig(o, "rmse"),
          fig(o, "percent_error"), fig(o, "coverage_3sigma"), fig(o, "coverage_3sigma_networks"),
          num(o, Outcome::trainSeconds, "%,.0f"), num(o, Outcome::predictMicros, "%.1f")));
    }
    List<Outcome> bc = select(outcomes, "bnn", Task.CLASSIFICATION);
    List<Outcome> br = select(outcomes, "bnn", Task.REGRESSION);
    List<Outcome> mc = select(outcomes, "mlp", Task.CLASSIFICATION);
    double recall = mean(bc, "recall_3sigma");
    double f1 = mean(bc, "f1");
    double f1Mlp = mean(mc, "f1");
    double coverage = mean(br, "coverage_3sigma");
    double micros = StatUtils.mean(bc.stream().mapToDouble(Outcome::predictMicros).toArray());
    double chain = StatUtils.max(bc.stream().mapToDouble(Outcome::trainSeconds).toArray());
    s.append(smoke ? "\nGoals (issue 19; a smoke run's small models and tables are not the goals' settings):\n\n"
        : "\nGoals (issue 19):\n\n");
    s.append(goal(String.format(Locale.ROOT, "viability recall at mean + 3σ ≥ 0.98: %.3f", recall), recall >= 0.98));
    s.append(goal(String.format(Locale.ROOT, "BNN F1 (mean cut) no worse than the deterministic network's: %.3f vs %.3f",
        f1, f1Mlp), f1 >= f1Mlp - 1e-9));
    s.append(goal(String.format(Locale.ROOT, "mh: share inside mean ± 3σ in [0.95, 1.00]: %.3f (papers/003: 0.87)",
        coverage), coverage >= 0.95 && coverage <= 1.0));
    s.append(goal(String.format(Locale.ROOT, "prediction of %d networks ≤ 25 µs per point on %d cores: %.1f µs",
        bc.get(0).members(), Runtime.getRuntime().availableProcessors(), micros), micros <= 25));
    s.append(goal(String.format(Locale.ROOT, "one chain on the %,d-point table ≤ 10 minutes: %.0f s at most",
        train.size(), chain), chain <= 600));
    return s.toString();
  }

  private static String goal(String text, boolean met) {
    return "- " + text + (met ? " — met" : " — **not met**") + "\n";
  }

  private static List<String> names(List<Outcome> outcomes) {
    return outcomes.stream().map(Outcome::model).distinct().toList();
  }

  private static List<Outcome> select(List<Outcome> outcomes, String model, Task task) {
    return outcomes.stream().filter(o -> o.model().equals(model) && o.task() == task).toList();
  }

  private static String label(List<Outcome> o) {
    int m = o.get(0).members();
    return o.get(0).model() + (m > 1 ? " (" + m + " networks)" : "");
  }

  private static double mean(List<Outcome> o, String figure) {
    return StatUtils.mean(o.stream().mapToDouble(x -> x.figures().getOrDefault(figure, Double.NaN)).toArray());
  }

  private static String fig(List<Outcome> o, String figure) {
    if (o.stream().anyMatch(x -> !x.figures().containsKey(figure))) {
      return "–";
    }
    double[] v = o.stream().mapToDouble(x -> x.figures().get(figure)).toArray();
    return NestedEvidenceSection.pm(v, Math.abs(StatUtils.mean(v)) >= 10 ? "%.1f" : "%.3f");
  }

  private static String num(List<Outcome> o, java.util.function.ToDoubleFunction<Outcome> f, String fmt) {
    return NestedEvidenceSection.pm(o.stream().mapToDouble(f).toArray(), fmt);
  }
}
