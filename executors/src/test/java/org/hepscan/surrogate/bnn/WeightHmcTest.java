package org.hepscan.surrogate.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HMC against targets whose moments are known: a strongly correlated Gaussian (means,
 * variances and covariance recovered, acceptance near its target after dual averaging) and a
 * Gaussian cut by a wall where the potential is infinite (no sample beyond it: a trajectory
 * whose energy is not finite is rejected).
 */
class WeightHmcTest {

  /** U = x' S^-1 x / 2 with S = [[1, rho], [rho, 1]]. */
  private static final double RHO = 0.9;

  private static double gaussian(double[] x, double[] g) {
    double det = 1 - RHO * RHO;
    g[0] = (x[0] - RHO * x[1]) / det;
    g[1] = (x[1] - RHO * x[0]) / det;
    return 0.5 * (x[0] * g[0] + x[1] * g[1]);
  }

  @Test
  void recoversTheMomentsOfACorrelatedGaussian() {
    WeightHmc hmc = new WeightHmc(WeightHmcTest::gaussian, new double[] {3, -3}, 0.5, 10, 0.8, 0.1,
        new SplittableRandom(7));
    for (int i = 0; i < 300; i++) {
      hmc.next(true);
    }
    hmc.freeze();
    int n = 6000;
    double[] s = new double[2];
    double[] ss = new double[3];
    double accept = 0;
    for (int i = 0; i < n; i++) {
      accept += hmc.next(false);
      double[] x = hmc.position();
      s[0] += x[0];
      s[1] += x[1];
      ss[0] += x[0] * x[0];
      ss[1] += x[1] * x[1];
      ss[2] += x[0] * x[1];
    }
    double m0 = s[0] / n;
    double m1 = s[1] / n;
    assertEquals(0, m0, 0.1);
    assertEquals(0, m1, 0.1);
    assertEquals(1, ss[0] / n - m0 * m0, 0.12);
    assertEquals(1, ss[1] / n - m1 * m1, 0.12);
    assertEquals(RHO, ss[2] / n - m0 * m1, 0.12);
    assertEquals(0.8, accept / n, 0.12, "acceptance after dual averaging");
    assertTrue(hmc.step() > 0.05 && hmc.step() < 1.5, "step " + hmc.step());
  }

  @Test
  void neverAcceptsATrajectoryThatLeavesWhereThePotentialIsFinite() {
    WeightHmc.Potential walled = (x, g) -> {
      if (x[0] > 0.5) {
        return Double.POSITIVE_INFINITY;
      }
      g[0] = x[0];
      return 0.5 * x[0] * x[0];
    };
    WeightHmc hmc = new WeightHmc(walled, new double[] {0}, 0.3, 5, 0.8, 0.1, new SplittableRandom(3));
    int above = 0;
    double s = 0;
    for (int i = 0; i < 3000; i++) {
      hmc.next(i < 200);
      if (i == 199) {
        hmc.freeze();
      }
      double x = hmc.position()[0];
      above += x > 0.5 ? 1 : 0;
      s += x;
    }
    assertEquals(0, above);
    assertTrue(hmc.divergent() > 0, "trajectories into the wall are counted");
    // The mean of a standard normal cut at 0.5 is -phi(0.5) / Phi(0.5) = -0.509.
    assertEquals(-0.509, s / 3000, 0.12);
  }

  @Test
  void theLeapfrogCountFollowsTheStepToKeepTheTrajectoryLength() {
    // A narrow Gaussian (sd 0.1) asks for a small step: with a length of 1, the count grows
    // from 2 at the first step of 0.5 to about 1 / step, and stops at the cap.
    WeightHmc.Potential narrow = (x, g) -> {
      g[0] = x[0] / 0.01;
      return 0.5 * x[0] * x[0] / 0.01;
    };
    WeightHmc hmc = new WeightHmc(narrow, new double[] {0}, 0.5, 5, 0.8, 0.1, new SplittableRandom(4)).followStep(1, 40);
    assertEquals(2, hmc.leapfrog());
    for (int i = 0; i < 300; i++) {
      hmc.next(true);
    }
    hmc.freeze();
    assertEquals(Math.min(40, Math.round(1 / hmc.step())), hmc.leapfrog(), "step " + hmc.step());
    assertTrue(hmc.leapfrog() > 5, "the count grew as the step shrank: " + hmc.leapfrog());
    int frozen = hmc.leapfrog();
    double s = 0;
    double ss = 0;
    for (int i = 0; i < 3000; i++) {
      hmc.next(false);
      double x = hmc.position()[0];
      s += x;
      ss += x * x;
    }
    assertEquals(frozen, hmc.leapfrog(), "frozen with the step");
    assertEquals(0.01, ss / 3000 - (s / 3000) * (s / 3000), 0.002);
  }
}
