package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hepscan.spec.ScanSpec;
import org.junit.jupiter.api.Test;

/**
 * Faithfulness tells a sample of the whole region from one of a corner of it, on the real
 * benchmark oracles: a uniform in-target sample scores like the ideal (KS p not small,
 * coverage ratio near 1), the same points cut to one part of the region score far below.
 */
class FaithfulnessTest {

  private static ScanSpec spec(String benchmark) {
    return Benchmarks.load().select(benchmark).get(0).spec("random", 1, Mode.FULL, "/tmp/unused");
  }

  private static Faithfulness of(String benchmark) {
    Benchmark b = Benchmarks.load().select(benchmark).get(0);
    return b.faithfulness(spec(benchmark));
  }

  /** {@code n} uniform in-target points in physical coordinates, from their own seed. */
  private static List<double[]> uniform(String benchmark, int n, long seed) {
    ScanSpec s = spec(benchmark);
    Faithfulness f = of(benchmark);
    List<double[]> l = new ArrayList<>();
    for (double[] u : f.draw(n, new SplittableRandom(seed))) {
      l.add(s.space().toPhysical(u));
    }
    return l;
  }

  @Test
  void aUniformSampleOfTheRegionScoresLikeTheIdealOne() {
    // B7 has sign parameters: a run's points and the truth must read them alike
    for (String b : List.of("B2", "B3", "B7")) {
      List<Double> v = of(b).values(uniform(b, 400, 11), 1);
      assertTrue(v.get(0) > 1e-3, b + ": no marginal differs from the region's: KS p min " + v.get(0));
      assertTrue(v.get(1) > 0.85 && v.get(1) < 1.15, b + ": as covering as an ideal sample: " + v.get(1));
    }
  }

  @Test
  void aSampleOfOneCornerOfTheRegionIsToldApart() {
    for (String b : List.of("B2", "B3")) {
      ScanSpec s = spec(b);
      // twice as many uniform points, of which those with every coordinate above the middle: one orthant
      List<double[]> corner = new ArrayList<>();
      for (double[] x : uniform(b, b.equals("B2") ? 1600 : 6000, 12)) {
        double[] u = s.space().toUnit(x);
        boolean in = true;
        for (int i = 0; i < u.length && i < 3; i++) {
          in &= u[i] > 0.5;
        }
        if (in) {
          corner.add(x);
        }
      }
      assertTrue(corner.size() > 50, b + ": " + corner.size());
      List<Double> v = of(b).values(corner, 1);
      assertTrue(v.get(0) < 1e-6, b + ": the marginals differ: KS p min " + v.get(0));
      assertTrue(v.get(1) < 0.6, b + ": most of the region is left uncovered: " + v.get(1));
    }
  }

  @Test
  void theFiguresFollowFromTheSeedAlone() {
    List<double[]> points = uniform("B2", 200, 5);
    assertEquals(of("B2").values(points, 3), of("B2").values(points, 3));
  }

  @Test
  void tooFewPointsHaveNoFigures() {
    List<Double> v = of("B2").values(uniform("B2", 1, 5), 3);
    assertNull(v.get(0));
    assertNull(v.get(1));
  }

  @Test
  void theMeasuresOnHandMadePoints() {
    double[][] a = {{0.1}, {0.2}, {0.3}};
    double[][] b = {{0.7}, {0.8}, {0.9}};
    // D = 1: of the C(6, 3) = 20 equally likely orders, only the two fully separated ones are as extreme
    assertEquals(0.1, Faithfulness.minKsP(a, b), 1e-9, "exact two-sample KS p of separated samples");
    assertEquals(Math.sqrt(0.02), Faithfulness.medianNearest(new double[][] {{0, 0}, {1, 1}, {0.5, 0.5}},
        new double[][] {{0.1, 0.1}, {0.6, 0.6}, {1, 1}}), 1e-12, "distances 0.141, 0, 0.141: median 0.141");
    double[][] truth = {{0, 0}, {1, 1}, {0.5, 0.5}, {0.9, 0.1}};
    double[][] sample = {{0.05, 0}, {0.5, 0.45}};
    assertEquals(0.5, Faithfulness.coveredShare(truth, sample, 0.06), 1e-12, "(0,0) and (0.5,0.5) are within 0.06");
    assertEquals(0.0, Faithfulness.coveredShare(truth, sample, 0.04), 1e-12, "none within 0.04");
  }
}
