package org.hepscan.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The smooth log-likelihood and its gradient, for gradient-based samplers: each
 * derivative agrees with a central finite difference of its function, a cut's soft wall
 * tends to the hard cut as its edge shrinks, and the exact verdicts are untouched.
 */
class SmoothLikelihoodTest {
  private static final List<Constraint> ALL = List.of(
      Constraint.Gaussian.withinSigma("O", 100, 10, 2),
      Constraint.Gaussian.minLikelihood("O", -3, 0.5, 0.9),
      new Constraint.ChiSquare("O", 95),
      new Constraint.LogLikelihood("O", -10),
      new Constraint.Window("O", 122, 128),
      new Constraint.Window("O", 122, 128, 0.5),
      new Constraint.Limit("O", 95, true, 2),
      new Constraint.Limit("O", 580, false, 5));

  /** Central difference of f at x with step h: error O(h^2 f'''). */
  private static double centralDifference(java.util.function.DoubleUnaryOperator f, double x, double h) {
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  @Test
  void everyDerivativeMatchesACentralFiniteDifference() {
    SplittableRandom rng = new SplittableRandom(3);
    for (Constraint c : ALL) {
      for (int i = 0; i < 2000; i++) {
        double x = -50 + 700 * rng.nextDouble();
        if (i % 2 == 0) { // half the points near the interesting places: 122, 128, 95, 580, 100
          double[] near = {122, 128, 95, 580, 100, -3};
          x = near[rng.nextInt(near.length)] + 10 * (rng.nextDouble() - 0.5);
        }
        double h = 1e-4;
        double fd = centralDifference(c::smoothLogLikelihood, x, h);
        double exact = c.dLogLikelihood(x);
        assertEquals(fd, exact, 1e-6 * Math.max(1, Math.abs(exact)), c.describe() + " at x = " + x);
      }
    }
  }

  @Test
  void theSmoothRulesAreTheirOwnSmoothForm() {
    SplittableRandom rng = new SplittableRandom(4);
    for (Constraint c : ALL.subList(0, 4)) {
      for (int i = 0; i < 1000; i++) {
        double x = -100 + 800 * rng.nextDouble();
        assertEquals(Double.doubleToRawLongBits(c.logLikelihood(x)), Double.doubleToRawLongBits(c.smoothLogLikelihood(x)), c.describe());
      }
    }
    assertEquals(-(110.0 - 100) / 100, ALL.get(0).dLogLikelihood(110), 0);
    assertEquals(-0.5, ALL.get(2).dLogLikelihood(7), 0);
    assertEquals(1, ALL.get(3).dLogLikelihood(-7), 0);
  }

  @Test
  void aCutsSoftWallTendsToTheHardCutAsItsEdgeShrinks() {
    double[] xs = {100, 121.9, 121.99, 122.01, 125, 127.99, 128.01, 200};
    double previousWorst = Double.POSITIVE_INFINITY;
    for (double w : new double[] {1, 1e-2, 1e-3, 1e-5}) {
      Constraint.Window window = new Constraint.Window("mh", 122, 128, w);
      Constraint.Limit upper = new Constraint.Limit("mh", 122, true, w);
      Constraint.Limit lower = new Constraint.Limit("mh", 128, false, w);
      double worst = 0;
      for (double x : xs) {
        for (Constraint.Cut cut : List.of(window, upper, lower)) {
          double hard = cut.passes(x) ? 1 : 0;
          worst = Math.max(worst, Math.abs(Math.exp(cut.smoothLogLikelihood(x)) - hard));
          // the exact verdict and log-likelihood do not depend on the edge
          assertEquals(cut.passes(x) ? 0 : Double.NEGATIVE_INFINITY, cut.logLikelihood(x), 0);
        }
      }
      assertTrue(worst < previousWorst, "edge " + w + ": worst " + worst + " after " + previousWorst);
      previousWorst = worst;
    }
    assertTrue(previousWorst < 1e-100, "at edge 1e-5, 0.01 from a bound: " + previousWorst);
    // at a bound the wall is half-way: log 1/2
    assertEquals(Math.log(0.5), new Constraint.Limit("mh", 122, true, 1).smoothLogLikelihood(122), 1e-15);
  }

  @Test
  void theWallPullsBackInwardsAndIsFlatInside() {
    Constraint.Window window = new Constraint.Window("mh", 122, 128, 0.5);
    assertTrue(window.dLogLikelihood(121) > 0, "below the window: uphill is up");
    assertTrue(window.dLogLikelihood(129) < 0, "above it: uphill is down");
    assertEquals(0, window.dLogLikelihood(125), 1e-5);
    // far outside, the slope is 1 / edge and the smooth log-likelihood stays finite: no overflow
    assertEquals(-2, window.dLogLikelihood(1e6), 1e-12);
    assertEquals(2, window.dLogLikelihood(-1e6), 1e-12);
    assertEquals(-2 * (1e6 - 128), window.smoothLogLikelihood(1e6), 1e-6);
    assertEquals(1.0 / 2, new Constraint.Limit("x", 580, false, 2).dLogLikelihood(-1e300), 0);
    assertEquals(-1.0 / 2, new Constraint.Limit("x", 95, true, 2).dLogLikelihood(1e300), 0);
  }

  @Test
  void nonFiniteValuesHaveNoDirection() {
    for (Constraint c : ALL) {
      assertEquals(Double.NEGATIVE_INFINITY, c.smoothLogLikelihood(Double.NaN), 0, c.describe());
      for (double x : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
        assertEquals(0, c.dLogLikelihood(x), 0, c.describe() + " at " + x);
      }
    }
  }

  @Test
  void aWindowHasADefaultEdgeAndALimitNeedsOne() {
    assertEquals(0.06, new Constraint.Window("mh", 122, 128).edge(), 1e-12);
    assertTrue(new Constraint.Window("mh", 122, 128).hasEdge());
    Constraint.Limit bare = new Constraint.Limit("mHp", 580, false);
    assertFalse(bare.hasEdge());
    assertTrue(bare.passes(600));
    assertEquals(0, bare.logLikelihood(600), 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> bare.smoothLogLikelihood(600));
    assertTrue(e.getMessage().contains("mHp >= 580.0") && e.getMessage().contains("edge"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> bare.dLogLikelihood(600));
    assertThrows(IllegalArgumentException.class, () -> new Constraint.Limit("mHp", 580, false, 0));
    assertThrows(IllegalArgumentException.class, () -> new Constraint.Window("mh", 1, 2, Double.POSITIVE_INFINITY));
  }

  // ---- on a target ------------------------------------------------------------------------

  private static final Target TARGET = new Target(List.of(
      Constraint.Gaussian.withinSigma("O", 100, 10, 2),
      new Constraint.Window("mh", 122, 128, 0.5),
      new Constraint.Limit("mh", 126, true, 1),      // a second rule on mh: their slopes add
      new Constraint.ChiSquare("chi2_hs", 95),
      new Constraint.LogLikelihood("logL", -10)));
  private static final List<String> COLUMNS = List.of("chi2_hs", "unused", "mh", "logL", "O");

  @Test
  void theTargetsGradientIsTheFiniteDifferenceOfItsSmoothLogLikelihoodPerColumn() {
    Target.ColumnScorer scorer = TARGET.on(COLUMNS);
    SplittableRandom rng = new SplittableRandom(8);
    double[][] rows = new double[500][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {20 * rng.nextDouble(), rng.nextGaussian(), 120 + 10 * rng.nextDouble(), -20 * rng.nextDouble(),
          100 + 30 * rng.nextGaussian()};
    }
    double[][] gradient = TARGET.gradient(rows, COLUMNS);
    double[] smooth = TARGET.smoothLogLikelihood(rows, COLUMNS);
    for (int i = 0; i < rows.length; i++) {
      assertEquals(smooth[i], scorer.smoothLogLikelihood(rows[i]), 0);
      assertEquals(COLUMNS.size(), gradient[i].length);
      for (int j = 0; j < COLUMNS.size(); j++) {
        double[] row = rows[i].clone();
        int col = j;
        double fd = centralDifference(x -> {
          row[col] = x;
          return scorer.smoothLogLikelihood(row);
        }, rows[i][j], 1e-4);
        assertEquals(fd, gradient[i][j], 1e-6 * Math.max(1, Math.abs(fd)), "row " + i + ", column " + COLUMNS.get(j));
      }
      assertEquals(0, gradient[i][1], 0, "no rule reads the column 'unused'");
      assertEquals(-0.5, gradient[i][0], 0);
      assertEquals(1, gradient[i][3], 0);
    }
  }

  @Test
  void theSmoothMethodsOfATargetNameEveryCutWithoutAnEdge() {
    Target t = new Target(List.of(new Constraint.Limit("mHp", 580, false), new Constraint.Window("mh", 122, 128),
        new Constraint.Limit("chi2_hs", 95, true)));
    List<String> columns = List.of("mHp", "mh", "chi2_hs");
    double[][] rows = {{600, 125, 3}};
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.smoothLogLikelihood(rows, columns));
    assertTrue(e.getMessage().contains("mHp >= 580.0") && e.getMessage().contains("chi2_hs <= 95.0")
        && !e.getMessage().contains("mh in"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> t.gradient(rows, columns));
    // the exact rule does not need edges
    assertEquals(0, t.logLikelihood(rows, columns)[0], 0);
    assertTrue(t.passes(rows, columns)[0]);
  }
}
