package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hepscan.oracle.builtin.CosineShell;
import org.hepscan.oracle.builtin.Eggbox;
import org.junit.jupiter.api.Test;

/** The region centres of B1 and B4, and that every in-target point of those targets lies in a ring/shell around one. */
class CoverageTest {
  private static final double TEN_PI = 10 * Math.PI;

  @Test
  void eggboxHas18RingFamiliesAtMaximaOfTheOracle() {
    double[][] m = Coverage.eggboxMaxima();
    assertEquals(18, m.length);
    assertEquals(18, distinct(m));
    for (double[] c : m) {
      assertEquals(243.0, Eggbox.value(c[0], c[1]), 1e-9, "O = 3^5 at a maximum");
      assertTrue(c[0] >= 0 && c[0] <= TEN_PI + 1e-9 && c[1] >= 0 && c[1] <= TEN_PI + 1e-9);
    }
  }

  /**
   * A uniform sample fills the rings in proportion to their part inside the box (the edge
   * halves them, a corner quarters them): the imbalance against those shares is Poisson
   * noise, and against equal shares it is not.
   */
  @Test
  void uniformEggboxPointsFillEachRingByItsShareOfTheBox() {
    Coverage rings = Coverage.named("eggbox-rings");
    double[] shares = Coverage.eggboxShares();
    assertEquals(1.0, java.util.Arrays.stream(shares).sum(), 1e-12);
    assertEquals(2, java.util.Arrays.stream(shares).filter(w -> Math.abs(w - 0.25 / 12.5) < 1e-12).count(), "two corner rings");
    assertEquals(8, java.util.Arrays.stream(shares).filter(w -> Math.abs(w - 0.5 / 12.5) < 1e-12).count(), "eight edge rings");
    SplittableRandom rng = new SplittableRandom(7);
    List<double[]> in = new ArrayList<>();
    while (in.size() < 20_000) {
      double[] x = {uniform(rng, 0, TEN_PI), uniform(rng, 0, TEN_PI)};
      if (Math.abs(Eggbox.value(x[0], x[1]) - 100) < 20) {
        in.add(x);
      }
    }
    long[] counts = rings.counts(in);
    double balanced = Coverage.imbalance(counts, shares);
    assertTrue(balanced < 0.15, "uniform points against the ring shares: " + balanced + " " + java.util.Arrays.toString(counts));
    double[] equal = new double[shares.length];
    java.util.Arrays.fill(equal, 1.0 / shares.length);
    assertTrue(Coverage.imbalance(counts, equal) > 0.5, "against equal shares the corner rings look empty");
    RunData.Builder b = new RunData.Builder();
    in.forEach(x -> b.add(true, x));
    List<Double> v = rings.values(b.build(), List.of(1000L));
    assertEquals(List.of("rings@1000", "rings imbalance"), rings.columns(List.of(1000L)));
    assertEquals(18.0, v.get(0));
    assertEquals(balanced, v.get(1), 1e-12);
  }

  @Test
  void cosineShellHas13RegionsAtMaximaOfTheOracle() {
    double[][] m = Coverage.cosineShellMaxima();
    assertEquals(13, m.length);
    assertEquals(13, distinct(m));
    for (double[] c : m) {
      assertEquals(243.0, CosineShell.value(c), 1e-9, "O = 3^5 at a maximum");
    }
  }

  @Test
  void pointsGoToTheirNearestCentre() {
    Coverage rings = Coverage.named("eggbox-rings");
    double[][] m = rings.centers();
    for (int c = 0; c < m.length; c++) {
      assertEquals(c, rings.nearest(new double[] {m[c][0] + 1.5, m[c][1] - 1.0}));
    }
    Coverage regions = Coverage.named("cosine-shell-regions");
    assertEquals(List.of(0.0, 0.0, 0.0), toList(regions.centers()[regions.nearest(new double[] {3, -4, 5})]));
    assertEquals(List.of(7 * Math.PI, 7 * Math.PI, 0.0), toList(regions.centers()[regions.nearest(new double[] {20, 25, 2})]));
  }

  /**
   * The numeric check of the region definitions: uniform points through the oracle and the
   * benchmark's cut; each in-target point lies close to its nearest maximum and far from
   * every other, and every region is populated.
   */
  @Test
  void everyInTargetCosineShellPointLiesInTheShellOfOneMaximum() {
    Coverage regions = Coverage.named("cosine-shell-regions");
    SplittableRandom rng = new SplittableRandom(4);
    List<double[]> in = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      double[] x = {uniform(rng, -TEN_PI, TEN_PI), uniform(rng, -TEN_PI, TEN_PI), uniform(rng, -TEN_PI, TEN_PI)};
      double o = CosineShell.value(x);
      if (Math.exp(-(o - 100) * (o - 100) / (2 * 20 * 20)) > 0.9) {
        in.add(x);
        double[] d = sortedDistances(regions.centers(), x);
        assertTrue(d[0] < 9.0, "in-target point " + List.of(x[0], x[1], x[2]) + " is " + d[0] + " from the nearest maximum");
        assertTrue(d[1] > 13.0, "in-target point " + List.of(x[0], x[1], x[2]) + " is ambiguous: " + d[0] + " vs " + d[1]);
      }
    }
    long[] counts = regions.counts(in);
    for (long n : counts) {
      assertTrue(n > 0, "every region is populated: " + java.util.Arrays.toString(counts));
    }
    // all 13 shells lie wholly inside the cube, so uniform sampling fills them alike up to Poisson noise (~0.06 here)
    double dev = Coverage.Deviation.deviation(counts);
    assertTrue(dev < 0.15, "random coverage deviation " + dev);
  }

  @Test
  void everyInTargetEggboxPointLiesOnTheRingOfOneMaximum() {
    Coverage rings = Coverage.named("eggbox-rings");
    SplittableRandom rng = new SplittableRandom(1);
    List<double[]> in = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      double[] x = {uniform(rng, 0, TEN_PI), uniform(rng, 0, TEN_PI)};
      if (Math.abs(Eggbox.value(x[0], x[1]) - 100) < 2 * 10) {
        in.add(x);
        double[] d = sortedDistances(rings.centers(), x);
        assertTrue(d[0] < 3.0, "in-target point " + List.of(x[0], x[1]) + " is " + d[0] + " from the nearest maximum");
        assertTrue(d[1] > 5.0, "ambiguous point " + List.of(x[0], x[1]) + ": " + d[0] + " vs " + d[1]);
      }
    }
    for (long n : rings.counts(in)) {
      assertTrue(n > 0);
    }
  }

  @Test
  void deviationIsTheStdOfCountsOverTheirMean() {
    assertEquals(0.0, Coverage.Deviation.deviation(new long[] {5, 5, 5}), 1e-12);
    // counts 1 and 3: mean 2, population std 1
    assertEquals(0.5, Coverage.Deviation.deviation(new long[] {1, 3}), 1e-12);
    assertEquals(null, Coverage.Deviation.deviation(new long[] {0, 0}));
  }

  private static double[] sortedDistances(double[][] centers, double[] x) {
    double[] d = new double[centers.length];
    for (int c = 0; c < centers.length; c++) {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        s += (x[i] - centers[c][i]) * (x[i] - centers[c][i]);
      }
      d[c] = Math.sqrt(s);
    }
    java.util.Arrays.sort(d);
    return d;
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  private static int distinct(double[][] m) {
    Set<List<Double>> s = new HashSet<>();
    for (double[] c : m) {
      s.add(toList(c));
    }
    return s.size();
  }

  private static List<Double> toList(double[] c) {
    List<Double> l = new ArrayList<>();
    for (double v : c) {
      l.add(v == 0 ? 0.0 : v);
    }
    return l;
  }
}
