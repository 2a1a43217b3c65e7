package org.hepscan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.model.ModelBank;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.training.TrainingSpec;

/**
 * What one training of the default classifier (dnnc's network) costs as the history grows,
 * with every row and with {@code training.max_rows}: the same 7-D problem (a ball holding
 * about 5 % of the cube, the rare class) at growing history sizes, each trained through the
 * strategies' {@link ModelBank} on the bench's Spark, timed, and scored by F1 and by the
 * ratio of predicted to true in-target points on 20,000 fresh points. Epochs are few (a
 * training's cost is linear in them): the curve's shape is the point, not the figure of a
 * 1000-epoch training.
 */
public final class TrainingBudgetSection implements BenchSection {
  private static final int DIM = 7;
  private static final double RADIUS = 0.522; // the 7-ball's volume 4.72 r^7, clipped by the cube: about 5 %

  @Override
  public String name() {
    return "training-budget";
  }

  @Override
  public String title() {
    return "Training cost against history size, with every row and with training.max_rows";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    int[] sizes = mode.smoke() ? new int[] {2000, 6000} : new int[] {10_000, 30_000, 100_000, 300_000};
    int budget = mode.smoke() ? 1000 : 10_000;
    int epochs = mode.smoke() ? 10 : 20;
    int seeds = mode.smoke() ? 1 : 3;
    TrainingSet test = data(20_000, 999);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "dnnc's classifier (%s), %d epochs, trained through ModelBank on this bench's Spark;"
        + " %d-D uniform points, in target inside a ball holding %.1f %% of the cube; seeds 1-%d (mean ± sd)."
        + " Budget: `training: {max_rows: %d}`. F1 and the ratio of points called in target to points in target are"
        + " measured on 20,000 fresh points.%n%n", MlpSpec.builder(Task.CLASSIFICATION).build().describe().get("hidden"),
        epochs, DIM, 100 * share(test), seeds, budget));
    b.append("| history rows | every row: s / training | every row: F1 | every row: called / true | max_rows: s / training"
        + " | max_rows: F1 | max_rows: called / true |\n");
    b.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int n : sizes) {
      List<double[]> all = new ArrayList<>();
      List<double[]> cut = new ArrayList<>();
      for (int s = 1; s <= seeds; s++) {
        TrainingSet history = data(n, s);
        all.add(train(spark, history, 0, epochs, s, test));
        cut.add(train(spark, history, budget, epochs, s, test));
      }
      b.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |%n", n, pm(all, 0), pm(all, 1), pm(all, 2),
          pm(cut, 0), pm(cut, 1), pm(cut, 2)));
    }
    b.append("\nEvery row: the cost grows with the history. With max_rows the cost stops growing at the budget:"
        + " what it keeps is the most recent quarter, the rare class up to half, and a weighted uniform sample of the rest"
        + " (RowBudget).\n");
    return b.toString();
  }

  /** seconds, F1, called / true of one training. */
  private static double[] train(SparkSession spark, TrainingSet history, int maxRows, int epochs, long seed, TrainingSet test) {
    TrainingSpec training = TrainingSpec.parse(Options.of("strategy.training", Map.of("max_rows", maxRows)));
    MlpSpec spec = MlpSpec.builder(Task.CLASSIFICATION).epochs(epochs).training(training).build();
    ParameterSpace space = ParameterSpace.box(DIM, 0, 1);
    ModelBank bank = new ModelBank(space, Integer.MAX_VALUE).declare("classifier", spec);
    bank.start(new ScanContext(spark, space, null, seed));
    long t0 = System.nanoTime();
    Surrogate m = bank.fit("classifier", history, new SplittableRandom(seed), false, 0);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[][] p = m.predict(test.x()).mean();
    m.close();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < test.size(); i++) {
      boolean said = p[i][0] > 0.5;
      boolean truth = test.y()[i][0] > 0.5;
      tp += said && truth ? 1 : 0;
      fp += said && !truth ? 1 : 0;
      fn += !said && truth ? 1 : 0;
    }
    return new double[] {seconds, 2.0 * tp / (2.0 * tp + fp + fn), (tp + fp) / (double) (tp + fn)};
  }

  private static TrainingSet data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 7919 + n);
    double[][] x = new double[n][DIM];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double d2 = 0;
      for (int j = 0; j < DIM; j++) {
        x[i][j] = r.nextDouble();
        d2 += (x[i][j] - 0.5) * (x[i][j] - 0.5);
      }
      y[i] = d2 < RADIUS * RADIUS ? 1 : 0;
    }
    return TrainingSet.of(x, y, Task.CLASSIFICATION);
  }

  private static double share(TrainingSet t) {
    double s = 0;
    for (double[] v : t.y()) {
      s += v[0];
    }
    return s / t.size();
  }

  private static String pm(List<double[]> runs, int k) {
    double[] v = runs.stream().mapToDouble(r -> r[k]).toArray();
    double sd = v.length > 1 ? Math.sqrt(StatUtils.variance(v)) : 0;
    return k == 0 ? String.format(Locale.ROOT, "%.3f ± %.3f", StatUtils.mean(v), sd)
        : String.format(Locale.ROOT, "%.3f ± %.3f", StatUtils.mean(v), sd);
  }
}
