package org.hepscan.strategy.proposal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SMOTE's synthetic points lie on segments between a minority point and one of its k nearest neighbours. */
class SmoteTest {

  @Test
  void syntheticPointsLieOnSegmentsToNearNeighbours() {
    SplittableRandom data = new SplittableRandom(11);
    double[][] minority = new double[60][3];
    for (double[] r : minority) {
      for (int j = 0; j < 3; j++) {
        r[j] = data.nextDouble();
      }
    }
    int k = 3;
    double[][] synth = Smote.synthesize(minority, 500, k, new SplittableRandom(12));
    assertEquals(500, synth.length);
    for (double[] s : synth) {
      assertTrue(onSegmentToANearNeighbour(s, minority, k), "point " + java.util.Arrays.toString(s) + " is on no allowed segment");
    }
  }

  @Test
  void aMinorityLargerThanTheNeighbourSearchBoundStillInterpolatesNearNeighbours() {
    // two far-apart patches of 2-D points, 3:1, more than MAX_FOUND in all
    SplittableRandom data = new SplittableRandom(21);
    int n = Selection.MAX_FOUND + 8_000;
    double[][] minority = new double[n][];
    for (int i = 0; i < n; i++) {
      double x0 = i % 4 == 0 ? 0.8 : 0.1;
      minority[i] = new double[] {x0 + 0.1 * data.nextDouble(), 0.1 * data.nextDouble()};
    }
    double[][] synth = Smote.synthesize(minority, 2_000, 5, new SplittableRandom(22));
    int right = 0;
    for (double[] x : synth) {
      boolean left = x[0] >= 0.1 && x[0] <= 0.2;
      boolean rightPatch = x[0] >= 0.8 && x[0] <= 0.9;
      assertTrue(left || rightPatch, "a synthetic point between the patches: its neighbour was not near");
      right += rightPatch ? 1 : 0;
    }
    assertEquals(0.25, right / 2000.0, 0.04, "seeds as likely as in the whole minority");
    assertArrayEquals(synth[7], Smote.synthesize(minority, 2_000, 5, new SplittableRandom(22))[7], "the subset comes from the generator");
  }

  private static boolean onSegmentToANearNeighbour(double[] s, double[][] minority, int k) {
    for (int i = 0; i < minority.length; i++) {
      for (int nn : LocalVolume.nearest(minority, i, k)) {
        double[] a = minority[i];
        double[] b = minority[nn];
        // s = a + u (b - a) for one u in [0, 1], the same in every coordinate
        double u = Double.NaN;
        boolean ok = true;
        for (int j = 0; j < a.length && ok; j++) {
          double d = b[j] - a[j];
          if (Math.abs(d) < 1e-12) {
            ok = Math.abs(s[j] - a[j]) < 1e-9;
          } else {
            double uj = (s[j] - a[j]) / d;
            ok = uj >= -1e-9 && uj <= 1 + 1e-9 && (Double.isNaN(u) || Math.abs(uj - u) < 1e-7);
            u = uj;
          }
        }
        if (ok) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Two patches of equal area, one known by 400 points and one by 100: plain SMOTE seeds
   * the second in proportion to its points (20 %); sparse seeds give it a share nearer
   * that of its area (half), so a region found late is not starved by one found early.
   */
  @Test
  void sparseSeedsShareSyntheticPointsByAreaNotByCount() {
    SplittableRandom data = new SplittableRandom(5);
    double[][] minority = new double[500][];
    for (int i = 0; i < minority.length; i++) {
      double o = i < 400 ? 0 : 0.8;
      minority[i] = new double[] {o + 0.2 * data.nextDouble(), o + 0.2 * data.nextDouble()};
    }
    double plain = shareNear(Smote.synthesize(minority, 4000, 3, new SplittableRandom(6), false));
    double sparse = shareNear(Smote.synthesize(minority, 4000, 3, new SplittableRandom(6), true));
    assertEquals(0.2, plain, 0.03, "plain SMOTE: in proportion to the points");
    assertTrue(sparse > 0.35 && sparse < 0.6, "sparse seeds: nearer half, got " + sparse);
  }

  /** The share of points in the sparse patch, [0.8, 1]^2. */
  private static double shareNear(double[][] points) {
    return java.util.Arrays.stream(points).filter(p -> p[0] >= 0.8 && p[1] >= 0.8).count() / (double) points.length;
  }

  @Test
  void nearestFindsTheKClosestInOrder() {
    double[][] rows = {{0}, {0.1}, {0.35}, {0.2}, {5}};
    assertArrayEquals(new int[] {1, 3, 2}, LocalVolume.nearest(rows, 0, 3));
    assertArrayEquals(new int[] {3}, LocalVolume.nearest(rows, 2, 1));
  }

  @Test
  void twoPointsAreTheMinimumAndKIsCappedAtTheRest() {
    assertThrows(IllegalArgumentException.class, () -> Smote.synthesize(new double[][] {{0.5, 0.5}}, 3, 3, new SplittableRandom(1)));
    double[][] two = {{0, 0}, {1, 1}};
    for (double[] s : Smote.synthesize(two, 50, 5, new SplittableRandom(2))) {
      assertEquals(s[0], s[1], 1e-12, "on the diagonal between the two");
    }
  }
}
