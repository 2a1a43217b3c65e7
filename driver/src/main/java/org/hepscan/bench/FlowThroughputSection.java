package org.hepscan.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.surrogate.flow.FlowDensity;

/**
 * Log-densities and samples per second of papers/000's spline flow (Table V: 3 transforms,
 * 64 hidden units, B = 2; 10 bins) in 19 dimensions, the pMSSM's, in the driver JVM; and how
 * many of them were not finite (they are replaced, never passed on, and counted). The points
 * whose density is asked are drawn three times as wide as the training points, so that many
 * lie in the identity tails beyond B. Issue 18's goals: at least 10^5 samples/s and 10^6
 * log-densities/s on 2 cores, no NaN.
 */
public final class FlowThroughputSection implements BenchSection {
  static final int DIMENSION = 19;

  @Override
  public String name() {
    return "flow-throughput";
  }

  @Override
  public String title() {
    return "Spline flow throughput (19-D, 3 transforms, 64 hidden, 10 bins, B = 2; float32, DJL on PyTorch CPU)";
  }

  @Override
  public String run(SparkSession spark, Mode mode) throws Exception {
    int densities = mode.smoke() ? 100_000 : 400_000;
    int samples = mode.smoke() ? 20_000 : 40_000;
    int repeats = mode.smoke() ? 1 : 3;
    SplittableRandom rng = new SplittableRandom(1);
    double[][] train = gaussian(4096, 1.0, rng);
    // what is measured is the cost of a pass, not the fit: a short training gives a flow of the final shape
    FlowDensity.Spec spec = FlowDensity.Spec.paper().withEpochs(mode.smoke() ? 1 : 5);
    double[] dens = new double[repeats];
    double[] samp = new double[repeats];
    try (FlowDensity flow = FlowDensity.fit(TrainingSet.density(train, null), spec, 1)) {
      double[][] wide = gaussian(densities, 3.0, rng);
      AllCores.run(() -> {
        flow.logDensity(gaussian(10_000, 3.0, rng)); // warm-up
        flow.sample(2_000, rng);
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          flow.logDensity(wide);
          dens[r] = densities / ((System.nanoTime() - t0) / 1e9);
          t0 = System.nanoTime();
          flow.sample(samples, rng);
          samp[r] = samples / ((System.nanoTime() - t0) / 1e9);
        }
        return null;
      });
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "%,d log-densities (points from N(0, 3^2) per coordinate, about %.0f %% of coordinates"
          + " beyond B after standardisation) and %,d samples per repeat, %d repeats after a warm-up, %d cores, PyTorch on %d threads,"
          + " mean ± standard deviation over the repeats.%n%n", densities, 100 * beyond(wide, flow), samples, repeats,
          Runtime.getRuntime().availableProcessors(), AllCores.threads()));
      s.append("| pass | points / s | goal |\n| --- | ---: | ---: |\n");
      s.append(String.format(Locale.ROOT, "| log-density | %s | 1,000,000 |%n", pm(dens)));
      s.append(String.format(Locale.ROOT, "| sample | %s | 100,000 |%n", pm(samp)));
      s.append(String.format(Locale.ROOT, "%nNon-finite log-densities or samples (replaced and counted): %d of %,d.%n", flow.nonFinite(),
          (long) repeats * (densities + samples)));
      return s.toString();
    }
  }

  private static double[][] gaussian(int n, double sigma, SplittableRandom rng) {
    double[][] x = new double[n][DIMENSION];
    for (double[] row : x) {
      for (int j = 0; j < DIMENSION; j++) {
        row[j] = sigma * rng.nextGaussian();
      }
    }
    return x;
  }

  /** The share of coordinates beyond the spline's bound once standardised (the training points have unit spread). */
  private static double beyond(double[][] x, FlowDensity flow) {
    long out = 0;
    for (double[] row : x) {
      for (double v : row) {
        out += Math.abs(v) > flow.spec().bound() ? 1 : 0;
      }
    }
    return (double) out / ((long) x.length * DIMENSION);
  }

  static String pm(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", mean, sd);
  }
}
