package org.hepscan.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * The prediction cost of a Bayesian network of papers/003's size (135 networks of 5 x 50
 * PReLU, 19 inputs: the pMSSM's), its networks evaluated together over stacked weights, on
 * both cores of the driver JVM; beside it a 10-network deep ensemble of the same shape and
 * one network. The weights come from a short sampling (what is measured is the cost of a
 * pass, not the fit). Seeds 1-3 (the weights and the points), the best of three passes of
 * 20,000 points each after a warm-up; mean ± standard deviation over the seeds. Issue 19's
 * goal: 135 networks in at most 25 µs per point (papers/003: 12.7 µs on a GPU).
 */
public final class BnnThroughputSection implements BenchSection {
  static final int DIMENSION = 19;

  @Override
  public String name() {
    return "bnn-throughput";
  }

  @Override
  public String title() {
    return "Bayesian network prediction cost (135 networks of 5 x 50 PReLU, 19 inputs; float32, DJL on PyTorch CPU)";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    boolean smoke = mode.smoke();
    int points = smoke ? 2_000 : 20_000;
    long[] seeds = smoke ? new long[] {1} : new long[] {1, 2, 3};
    Map<String, Map<String, Object>> models = Map.of(
        "bnn", Map.of("type", "bnn", "networks", 135, "thin", 1, "burn_in", 0, "leapfrog", 1, "pretrain_epochs", 1),
        "ensemble", Map.of("type", "mlp", "hidden", List.of(50, 50, 50, 50, 50), "activation", "leaky-relu",
            "epochs", 1, "ensemble", 10),
        "mlp", Map.of("type", "mlp", "hidden", List.of(50, 50, 50, 50, 50), "activation", "leaky-relu", "epochs", 1));
    List<String> order = List.of("bnn", "ensemble", "mlp");
    double[][] micros = new double[order.size()][seeds.length];
    for (int s = 0; s < seeds.length; s++) {
      SplittableRandom rng = new SplittableRandom(seeds[s]);
      double[][] train = uniform(500, rng);
      double[] label = new double[train.length];
      for (int i = 0; i < label.length; i++) {
        label[i] = train[i][0] + train[i][1] < 1 ? 1 : 0;
      }
      double[][] x = uniform(points, rng);
      for (int m = 0; m < order.size(); m++) {
        try (Surrogate model = SurrogateCatalog.parse(Options.of("model", models.get(order.get(m))), Task.CLASSIFICATION)
            .fit(spark, TrainingSet.of(train, label, Task.CLASSIFICATION), seeds[s], null, 0)) {
          micros[m][s] = BnnSection.predictMicros(model, x);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%,d points per pass, best of 3 passes after a warm-up, %d seed%s, mean ± standard"
        + " deviation over the seeds; PyTorch on %d threads (the cores).%n%n", points, seeds.length,
        seeds.length == 1 ? "" : "s", Runtime.getRuntime().availableProcessors()));
    out.append("| model | networks | µs per point | µs per point and network |\n| --- | ---: | ---: | ---: |\n");
    int[] networks = {135, 10, 1};
    for (int m = 0; m < order.size(); m++) {
      double[] per = new double[seeds.length];
      for (int s = 0; s < seeds.length; s++) {
        per[s] = micros[m][s] / networks[m];
      }
      out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", order.get(m), networks[m],
          NestedEvidenceSection.pm(micros[m], "%.1f"), NestedEvidenceSection.pm(per, "%.3f")));
    }
    double mean = org.apache.commons.math3.stat.StatUtils.mean(micros[0]);
    out.append(String.format(Locale.ROOT, "%nGoal (issue 19): 135 networks in at most 25 µs per point: %.1f µs — %s%n", mean,
        mean <= 25 ? "met" : "**not met**"));
    return out.toString();
  }

  private static double[][] uniform(int n, SplittableRandom rng) {
    double[][] x = new double[n][DIMENSION];
    for (double[] row : x) {
      for (int j = 0; j < DIMENSION; j++) {
        row[j] = rng.nextDouble();
      }
    }
    return x;
  }
}
