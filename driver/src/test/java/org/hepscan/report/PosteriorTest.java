package org.hepscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.space.Parameter;
import org.junit.jupiter.api.Test;

/** The posterior section's credible regions against a known answer: the 2-D Gaussian's highest-density discs. */
class PosteriorTest {

  @Test
  void theHighestDensityRegionsOfA2dGaussianAreItsDiscs() {
    // exact cell masses of a unit 2-D Gaussian on [-5, 5]^2, 40 x 40 cells of 0.25
    int n = Posterior.BINS;
    double d = 10.0 / n;
    double[][] mass = new double[n][n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double x = -5 + (i + 0.5) * d;
        double y = -5 + (j + 0.5) * d;
        mass[i][j] = Math.exp(-(x * x + y * y) / 2) * d * d / (2 * Math.PI);
        total += mass[i][j];
      }
    }
    int[][] level = Posterior.levels(mass, total);
    double inner = 0;
    double outer = 0;
    for (int[] row : level) {
      for (int v : row) {
        inner += v == 2 ? d * d : 0;
        outer += v >= 1 ? d * d : 0;
      }
    }
    // the p region of a unit 2-D Gaussian is the disc of radius sqrt(-2 ln(1 - p))
    assertEquals(Math.PI * -2 * Math.log(0.32), inner, 0.05 * Math.PI * -2 * Math.log(0.32), "68 % region's area");
    assertEquals(Math.PI * -2 * Math.log(0.05), outer, 0.05 * Math.PI * -2 * Math.log(0.05), "95 % region's area");
  }

  @Test
  void aPairFigureIsDrawnFromWeightedPoints() {
    Parameter x = Parameter.continuous("x", -5, 5, Parameter.Scale.LINEAR);
    Parameter m = Parameter.continuous("m", 1, 1000, Parameter.Scale.LOG);
    SplittableRandom r = new SplittableRandom(3);
    List<double[]> xyw = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      xyw.add(new double[] {r.nextGaussian(), Math.pow(10, 1.5 + 0.2 * r.nextGaussian()), 1.0 / 2000});
    }
    Figure f = Posterior.pair(x, m, xyw);
    assertEquals("post-x-m.png", f.file());
    assertTrue(f.caption().contains("68 %") && f.caption().contains("2000 weighted points"), f.caption());
    assertTrue(f.png().length > 1000, "an image");
  }
}
