package org.hepscan.surrogate.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.hepscan.surrogate.TrainingSet;
import org.junit.jupiter.api.Test;

/**
 * The flow against a density known in closed form: two Gaussian blobs in 2-D, one
 * correlated, one three times as likely as the other. Trained by maximum likelihood it
 * must reach nearly the true mean log-density on new points, be normalised, and sample
 * points whose marginals a Kolmogorov-Smirnov test cannot tell from the truth's; weights
 * must act as weights.
 */
class FlowDensityTest {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  /** The truth: 0.75 N((-2, 1), [[1, 0.8], [0.8, 1]] 0.25) + 0.25 N((2, -1), 0.16 I). */
  static double[] draw(SplittableRandom rng) {
    if (rng.nextDouble() < 0.75) {
      double a = rng.nextGaussian();
      double b = rng.nextGaussian();
      return new double[] {-2 + 0.5 * a, 1 + 0.5 * (0.8 * a + 0.6 * b)};
    }
    return new double[] {2 + 0.4 * rng.nextGaussian(), -1 + 0.4 * rng.nextGaussian()};
  }

  static double logTruth(double[] x) {
    double u = (x[0] + 2) / 0.5;
    double v = (x[1] - 1) / 0.5;
    double q = (u * u - 1.6 * u * v + v * v) / 0.36;
    double first = Math.log(0.75) - LOG_2PI - Math.log(0.25) - 0.5 * Math.log(0.36) - 0.5 * q;
    double s = ((x[0] - 2) * (x[0] - 2) + (x[1] + 1) * (x[1] + 1)) / 0.16;
    double second = Math.log(0.25) - LOG_2PI - Math.log(0.16) - 0.5 * s;
    double max = Math.max(first, second);
    return max + Math.log(Math.exp(first - max) + Math.exp(second - max));
  }

  static double[][] sample(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = draw(rng);
    }
    return x;
  }

  private static FlowDensity.Spec quick() {
    return new FlowDensity.Spec(3, 64, 10, 2.0, 150, 256, 3e-3);
  }

  @Test
  void learnsAKnownDensityIsNormalisedAndSamplesIt() {
    double[][] train = sample(5000, 1);
    try (FlowDensity flow = FlowDensity.fit(TrainingSet.density(train, null), quick(), 7)) {
      double[][] test = sample(4000, 2);
      double[] lp = flow.logDensity(test);
      double model = 0;
      double truth = 0;
      for (int i = 0; i < test.length; i++) {
        model += lp[i] / test.length;
        truth += logTruth(test[i]) / test.length;
      }
      System.out.printf("flow: mean log-density on new points %.4f, the truth's %.4f%n", model, truth);
      assertTrue(model > truth - 0.15, "mean log-density on new points " + model + ", the truth's " + truth);

      // normalised: the integral over a grid that holds all the mass
      double step = 0.05;
      int n = (int) Math.round(12 / step);
      double[][] grid = new double[n * n][];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          grid[i * n + j] = new double[] {-6 + (i + 0.5) * step, -6 + (j + 0.5) * step};
        }
      }
      double integral = 0;
      for (double v : flow.logDensity(grid)) {
        integral += Math.exp(v) * step * step;
      }
      System.out.printf("flow: integral %.4f%n", integral);
      assertEquals(1.0, integral, 0.03, "the flow's density integrates to 1");

      double[][] drawn = flow.sample(4000, new SplittableRandom(3));
      double[][] truthDrawn = sample(4000, 4);
      KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
      for (int j = 0; j < 2; j++) {
        double p = ks.kolmogorovSmirnovTest(column(drawn, j), column(truthDrawn, j));
        System.out.printf("flow: KS p of coordinate %d: %.3g%n", j, p);
        assertTrue(p > 0.01, "coordinate " + j + ": KS p " + p);
      }
      long first = java.util.Arrays.stream(drawn).filter(x -> x[0] < 0).count();
      assertEquals(0.75, first / 4000.0, 0.03, "the blobs' weights");
      assertArrayEquals(drawn[17], flow.sample(4000, new SplittableRandom(3))[17], "the same generator, the same points");
      assertEquals(0, flow.nonFinite());
    }
  }

  @Test
  void weightsActAsWeights() {
    double[][] train = sample(4000, 5);
    double[] w = new double[train.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = train[i][0] < 0 ? 0 : 1; // the second blob only
    }
    try (FlowDensity flow = FlowDensity.fit(TrainingSet.density(train, w), quick().withEpochs(30), 7)) {
      double[] lp = flow.logDensity(new double[][] {{2, -1}, {-2, 1}});
      assertTrue(lp[0] > lp[1] + 5, "the zero-weight blob is not learnt: " + lp[0] + " vs " + lp[1]);
    }
  }

  private static double[] column(double[][] x, int j) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i][j];
    }
    return c;
  }
}
