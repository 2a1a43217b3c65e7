package org.hepscan.bench;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.HmcStrategy;
import org.hepscan.surrogate.Differentiable;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;

/**
 * Gradient evaluations per second of the hmc strategy's default classifier (papers/000 Table
 * V's 5 x 49 network with batch norm, sigmoid output) in 19 dimensions, the pMSSM's, in the
 * driver JVM: the bare gradient of a batch of chains' positions, and whole HMC transitions
 * (12 leapfrog steps: 13 gradients and 13 predictions per chain). Issue 18's goal: at least
 * 10^5 gradient evaluations per second on 2 cores.
 */
public final class HmcThroughputSection implements BenchSection {
  static final int DIMENSION = 19;

  @Override
  public String name() {
    return "hmc-throughput";
  }

  @Override
  public String title() {
    return "HMC throughput (19-D, the hmc classifier: 5 x 49 ReLU with batch norm, sigmoid output; DJL on PyTorch CPU)";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    return AllCores.run(() -> measure(mode));
  }

  private static String measure(Mode mode) throws Exception {
    int repeats = mode.smoke() ? 1 : 3;
    int calls = mode.smoke() ? 20 : 200;
    int transitions = mode.smoke() ? 2 : 20;
    ParameterSpace space = ParameterSpace.box(DIMENSION, 0, 1);
    // what is measured is the cost of a pass, not the fit: a short training gives a network of the final shape
    var spec = HmcStrategy.Config.parse(Options.of("strategy", Map.of("name", "hmc",
        "model", Map.of("epochs", 2, "min_steps", 0))), space).classifier();
    SplittableRandom rng = new SplittableRandom(1);
    double[][] x = new double[4096][DIMENSION];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      for (int j = 0; j < DIMENSION; j++) {
        x[i][j] = rng.nextDouble();
        s += x[i][j];
      }
      y[i] = s > DIMENSION / 2.0 ? 1 : 0;
    }
    StringBuilder out = new StringBuilder();
    try (Surrogate model = spec.fit(null, TrainingSet.of(x, y, Task.CLASSIFICATION), 1, null, 0)) {
      Differentiable d = (Differentiable) model;
      out.append(String.format(Locale.ROOT, "%d repeats after a warm-up, %d cores, PyTorch on %d threads, mean ± standard deviation over the"
          + " repeats; a gradient evaluation is d L-hat / d x at one point.%n%n", repeats, Runtime.getRuntime().availableProcessors(),
          AllCores.threads()));
      out.append("| pass | chains per call | gradient evaluations / s | goal |\n| --- | ---: | ---: | ---: |\n");
      for (int chains : new int[] {100, 1000}) {
        double[][] batch = positions(chains, rng);
        d.gradient(batch, 0); // warm-up
        double[] rate = new double[repeats];
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          for (int c = 0; c < calls; c++) {
            d.gradient(batch, 0);
          }
          rate[r] = (double) calls * chains / ((System.nanoTime() - t0) / 1e9);
        }
        out.append(String.format(Locale.ROOT, "| gradient | %,d | %s | 100,000 |%n", chains, FlowThroughputSection.pm(rate)));
      }
      for (int chains : new int[] {100, 1000}) {
        double[][] pos = positions(chains, rng);
        org.hepscan.strategy.proposal.Leapfrog.transition(model, pos, 0.01, 12, rng); // warm-up
        double[] rate = new double[repeats];
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          for (int t = 0; t < transitions; t++) {
            org.hepscan.strategy.proposal.Leapfrog.transition(model, pos, 0.01, 12, rng);
          }
          rate[r] = (double) transitions * chains * 13 / ((System.nanoTime() - t0) / 1e9);
        }
        out.append(String.format(Locale.ROOT, "| HMC transition (12 leapfrog steps) | %,d | %s | 100,000 |%n", chains,
            FlowThroughputSection.pm(rate)));
      }
    }
    return out.toString();
  }

  private static double[][] positions(int n, SplittableRandom rng) {
    double[][] p = new double[n][DIMENSION];
    for (double[] row : p) {
      for (int j = 0; j < DIMENSION; j++) {
        row[j] = rng.nextDouble();
      }
    }
    return p;
  }
}
