package org.hepscan.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.bnn.BnnSurrogate;
import org.hepscan.surrogate.train.Torch;

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
        "bnn", Map.of("type", "bnn", "networks", NETWORKS, "thin", 1, "burn_in", 0, "leapfrog", 1, "pretrain_epochs", 1),
        "ensemble", Map.of("type", "mlp", "hidden", List.of(50, 50, 50, 50, 50), "activation", "leaky-relu",
            "epochs", 1, "ensemble", 10),
        "mlp", Map.of("type", "mlp", "hidden", List.of(50, 50, 50, 50, 50), "activation", "leaky-relu", "epochs", 1));
    List<String> order = List.of("bnn", "ensemble", "mlp");
    double[][] micros = new double[order.size()][seeds.length];
    double[] floor = new double[seeds.length];
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
      floor[s] = productsOnlyMicros(x.length);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%,d points per pass, best of 3 passes after a warm-up, %d seed%s, mean ± standard"
        + " deviation over the seeds; PyTorch on %d threads (the cores).%n%n", points, seeds.length,
        seeds.length == 1 ? "" : "s", Runtime.getRuntime().availableProcessors()));
    out.append("| model | networks | µs per point | µs per point and network |\n| --- | ---: | ---: | ---: |\n");
    int[] networks = {NETWORKS, 10, 1};
    for (int m = 0; m < order.size(); m++) {
      double[] per = new double[seeds.length];
      for (int s = 0; s < seeds.length; s++) {
        per[s] = micros[m][s] / networks[m];
      }
      out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", order.get(m), networks[m],
          NestedEvidenceSection.pm(micros[m], "%.1f"), NestedEvidenceSection.pm(per, "%.3f")));
    }
    double[] floorPer = floor.clone();
    for (int s = 0; s < seeds.length; s++) {
      floorPer[s] /= NETWORKS;
    }
    out.append(String.format(Locale.ROOT, "| bnn: its matrix products alone (the floor) | %d | %s | %s |%n", NETWORKS,
        NestedEvidenceSection.pm(floor, "%.1f"), NestedEvidenceSection.pm(floorPer, "%.3f")));
    double mean = org.apache.commons.math3.stat.StatUtils.mean(micros[0]);
    out.append(String.format(Locale.ROOT, "%nGoal (issue 19): 135 networks in at most 25 µs per point: %.1f µs — %s%n", mean,
        mean <= 25 ? "met" : "**not met**"));
    out.append(String.format(Locale.ROOT, "%nThe floor row times only the six batched matrix products of the same shapes (%d"
        + " rows a pass, as the model's own pass), without the biases, activations and the copies in and out: %.2f GFLOP/s of"
        + " float32 products. The model's pass cannot be faster than its products on this processor.%n", BnnSurrogate.PREDICT_CHUNK,
        flopsPerPoint() / (org.apache.commons.math3.stat.StatUtils.mean(floor) * 1e3)));
    return out.toString();
  }

  static final int NETWORKS = 135;
  /** papers/003's network: 19 inputs, 5 hidden PReLU layers of 50, one output. */
  private static final int[] WIDTHS = {DIMENSION, 50, 50, 50, 50, 50, 1};

  private static double flopsPerPoint() {
    double macs = 0;
    for (int l = 0; l + 1 < WIDTHS.length; l++) {
      macs += (double) WIDTHS[l] * WIDTHS[l + 1];
    }
    return 2 * macs * NETWORKS;
  }

  /**
   * µs per point of the batched matrix products alone (stacked weights of the BNN's shapes,
   * whose values do not change the time, chunks of the model's size), best of three passes
   * after a warm-up, on all cores: what the pass would cost if nothing but its products took
   * time.
   */
  static double productsOnlyMicros(int points) {
    return AllCores.run(() -> {
      try (Torch.GradMode off = Torch.gradMode(false); NDManager m = NDManager.newBaseManager()) {
        NDArray[] w = new NDArray[WIDTHS.length - 1];
        for (int l = 0; l < w.length; l++) {
          // constant weights: no draw from PyTorch's global generator, which seeded trainings share
          w[l] = m.full(new Shape(NETWORKS, WIDTHS[l], WIDTHS[l + 1]), (float) (1.0 / WIDTHS[l]));
        }
        NDArray x = m.full(new Shape(BnnSurrogate.PREDICT_CHUNK, DIMENSION), 0.5f);
        int chunks = (points + BnnSurrogate.PREDICT_CHUNK - 1) / BnnSurrogate.PREDICT_CHUNK;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 4; r++) {
          long t0 = System.nanoTime();
          for (int c = 0; c < chunks; c++) {
            try (NDManager pass = m.newSubManager()) {
              NDArray h = x;
              for (NDArray layer : w) {
                h = h.matMul(layer);
                h.attach(pass);
              }
            }
          }
          if (r > 0) {
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / ((double) chunks * BnnSurrogate.PREDICT_CHUNK));
          }
        }
        return best;
      }
    });
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
