package org.hepscan.strategy.proposal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each selection rule picks the shares it promises. */
class SelectionTest {

  @Test
  void aboveDrawsOnlyQualifyingIndicesUniformly() {
    double[] score = new double[1000];
    for (int i = 0; i < score.length; i++) {
      score[i] = i % 4 == 0 ? 1.0 : 0.1;  // 250 qualify
    }
    int[] counts = new int[score.length];
    SplittableRandom rng = new SplittableRandom(1);
    for (int rep = 0; rep < 400; rep++) {
      int[] idx = Selection.above(score, 0.5, 50, rng);
      assertEquals(50, idx.length);
      assertEquals(50, Arrays.stream(idx).distinct().count(), "distinct");
      for (int i : idx) {
        assertEquals(0, i % 4, "only qualifying indices");
        counts[i]++;
      }
    }
    // 400 draws of 50 of 250: each qualifying index expected 80 times; none should be starved
    int min = Arrays.stream(counts).filter(c -> c > 0).min().orElse(0);
    int max = Arrays.stream(counts).max().orElse(0);
    assertTrue(min > 40 && max < 130, "uniform among qualifying: min " + min + " max " + max);
    assertEquals(250, Arrays.stream(counts).filter(c -> c > 0).count(), "every qualifying index drawn");
  }

  @Test
  void aboveFillsWithTheBestWhenTooFewQualify() {
    double[] score = {0.9, 0.1, 0.8, 0.3, Double.NaN, 0.2, 0.95};
    int[] idx = Selection.above(score, 0.85, 4, new SplittableRandom(2));
    Set<Integer> got = new HashSet<>();
    Arrays.stream(idx).forEach(got::add);
    assertEquals(Set.of(0, 6, 2, 3), got, "0.9 and 0.95 qualify; then 0.8 and 0.3 are the best of the rest");
    assertEquals(7, Selection.above(score, 0.85, 10, new SplittableRandom(2)).length, "never more than the pool");
  }

  /**
   * Found points ten times denser on the left half of the square than on the right: a
   * uniform draw of qualifying candidates takes half from each side, the sparse draw
   * mostly from the thin side (volume weights capped at their 90th percentile: about 10 to
   * 1 in density, 0.75 or more), and squared weights more still.
   */
  @Test
  void aboveSparseDrawsWhereTheFoundPointsAreThin() {
    SplittableRandom data = new SplittableRandom(11);
    double[][] found = new double[1100][];
    for (int i = 0; i < found.length; i++) {
      double x = i < 1000 ? 0.5 * data.nextDouble() : 0.5 + 0.5 * data.nextDouble();
      found[i] = new double[] {x, data.nextDouble()};
    }
    double[][] pool = new double[4000][];
    double[] score = new double[pool.length];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new double[] {data.nextDouble(), data.nextDouble()};
      score[i] = i % 2 == 0 ? 0.9 : 0.2;  // half qualify
    }
    double linear = thinShare(score, pool, found, 1, 0.9);
    assertTrue(linear > 0.75, "thin half's share of the draws: " + linear);
    double squared = thinShare(score, pool, found, 2, 0.98);
    assertTrue(squared > linear + 0.05, "squared weights lean harder on the thin half: " + squared + " against " + linear);
    int uniformRight = 0;
    for (int i : Selection.above(score, 0.75, 600, new SplittableRandom(13))) {
      uniformRight += pool[i][0] > 0.5 ? 1 : 0;
    }
    assertTrue(Math.abs(uniformRight / 600.0 - 0.5) < 0.08, "uniform draw: half, got " + uniformRight / 600.0);
  }

  @Test
  void aboveSparseWeighsAgainstASubsetOfManyFoundPointsAndStillFindsTheThinHalf() {
    // 10x the found points of the test above, in the same proportions: more than MAX_FOUND
    SplittableRandom data = new SplittableRandom(17);
    int n = 2 * Selection.MAX_FOUND + 2_000;
    double[][] found = new double[n][];
    for (int i = 0; i < n; i++) {
      double x = i < n * 10 / 11 ? 0.5 * data.nextDouble() : 0.5 + 0.5 * data.nextDouble();
      found[i] = new double[] {x, data.nextDouble()};
    }
    double[][] pool = new double[4000][];
    double[] score = new double[pool.length];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new double[] {data.nextDouble(), data.nextDouble()};
      score[i] = i % 2 == 0 ? 0.9 : 0.2;
    }
    double share = thinShare(score, pool, found, 1, 0.9);
    assertTrue(share > 0.75, "thin half's share of the draws: " + share);
    // the subset is drawn from the generator: same seed, same picks; another seed, other picks
    int[] a = Selection.aboveSparse(score, 0.75, 60, new SplittableRandom(5), pool, found, 5, 2, 0.98);
    int[] b = Selection.aboveSparse(score, 0.75, 60, new SplittableRandom(5), pool, found, 5, 2, 0.98);
    assertArrayEquals(a, b);
  }

  /** The share of 10 sparse draws of 60 that fall on the right (thin) half. */
  private static double thinShare(double[] score, double[][] pool, double[][] found, double power, double cap) {
    SplittableRandom rng = new SplittableRandom(12);
    int right = 0;
    int drawn = 0;
    for (int rep = 0; rep < 10; rep++) {
      int[] idx = Selection.aboveSparse(score, 0.75, 60, rng, pool, found, 5, power, cap);
      assertEquals(60, idx.length);
      assertEquals(60, Arrays.stream(idx).distinct().count(), "distinct");
      for (int i : idx) {
        assertEquals(0, i % 2, "only qualifying indices");
        right += pool[i][0] > 0.5 ? 1 : 0;
        drawn++;
      }
    }
    return right / (double) drawn;
  }

  @Test
  void aboveSparseFallsBackToAboveWhenFoundOrQualifyingAreFew() {
    double[] score = {0.9, 0.1, 0.8, 0.3, Double.NaN, 0.2, 0.95};
    double[][] pool = new double[score.length][];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new double[] {i / 7.0};
    }
    double[][] found = {{0.1}, {0.2}};
    assertEquals(Set.of(0, 6, 2, 3), toSet(Selection.aboveSparse(score, 0.85, 4, new SplittableRandom(2), pool, found, 5, 2, 0.98)),
        "too few qualify: the best of the rest, as above()");
    for (int seed = 0; seed < 20; seed++) {
      Set<Integer> got = toSet(Selection.aboveSparse(score, 0.75, 2, new SplittableRandom(seed), pool, found, 5, 2, 0.98));
      assertTrue(Set.of(0, 2, 6).containsAll(got) && got.size() == 2, "fewer found than neighbours: uniform among qualifying, got " + got);
    }
  }

  private static Set<Integer> toSet(int[] idx) {
    Set<Integer> s = new HashSet<>();
    Arrays.stream(idx).forEach(s::add);
    return s;
  }

  @Test
  void belowSkipsTakenAndQualifyingIndices() {
    double[] score = {0.9, 0.1, 0.8, 0.3, Double.NaN, 0.2};
    boolean[] taken = {false, true, false, false, false, false};
    int[] idx = Selection.below(score, 0.75, 10, new SplittableRandom(3), taken);
    Arrays.sort(idx);
    assertArrayEquals(new int[] {3, 4, 5}, idx, "below 0.75, NaN counted as below, taken index 1 skipped");
  }

  @Test
  void belowWeightedPrefersUncertainCandidatesInProportionToTheirScore() {
    // 100 candidates at 0.6, 100 at 0.2, 100 at 0, 100 above the threshold; draw 1 at a time
    double[] score = new double[400];
    for (int i = 0; i < score.length; i++) {
      score[i] = i < 100 ? 0.6 : i < 200 ? 0.2 : i < 300 ? 0.0 : 0.9;
    }
    boolean[] taken = new boolean[score.length];
    SplittableRandom rng = new SplittableRandom(4);
    int[] byBand = new int[4];
    for (int rep = 0; rep < 8000; rep++) {
      int[] idx = Selection.belowWeighted(score, 0.75, 1, rng, taken);
      byBand[idx[0] / 100]++;
    }
    assertEquals(0, byBand[3], "never above the threshold");
    assertEquals(0, byBand[2], "a zero score is drawn only when nothing else is left");
    // single draws: P(0.6 band) = 60/80 = 0.75; binomial sd over 8000 draws is 0.005
    assertEquals(0.75, byBand[0] / 8000.0, 0.02, "in proportion to the score: " + Arrays.toString(byBand));

    int[] all = Selection.belowWeighted(score, 0.75, 1000, new SplittableRandom(5), taken);
    assertEquals(300, all.length, "everything below the threshold when more are wanted");
    assertEquals(300, Arrays.stream(all).distinct().count());
    assertTrue(Arrays.stream(all, 200, 300).allMatch(i -> i >= 200 && i < 300), "zero scores come last");
    taken[0] = true;
    assertTrue(Arrays.stream(Selection.belowWeighted(score, 0.75, 1000, new SplittableRandom(6), taken)).noneMatch(i -> i == 0),
        "taken indices are skipped");
  }

  @Test
  void rejectionKeepsEachPointWithProbabilityProportionalToItsWeight() {
    double[] w = new double[4000];
    for (int i = 0; i < w.length; i++) {
      w[i] = i < 2000 ? 1.0 : 0.25;
    }
    w[0] = 0;
    int[] kept = Selection.rejection(w, new SplittableRandom(4));
    long high = Arrays.stream(kept).filter(i -> i < 2000).count();
    long low = kept.length - high;
    assertTrue(Arrays.stream(kept).noneMatch(i -> i == 0), "zero weight never kept");
    assertEquals(1999, high, 1, "weight = max: always kept");
    assertEquals(500, low, 70, "weight = max/4: kept a quarter of the time (binomial sd 19)");
    assertEquals(kept.length, Arrays.stream(kept).distinct().count());
    assertEquals(0, Selection.rejection(new double[] {0, 0}, new SplittableRandom(5)).length);
  }

  @Test
  void sampleIsDistinctAndFromTheSet() {
    int[] from = {5, 7, 9, 11, 13};
    int[] s = Selection.sample(from, 5, new SplittableRandom(6));
    Arrays.sort(s);
    assertArrayEquals(from, s);
  }

  @Test
  void candidateJumpsStayInTheCubeAndNearTheirCentres() {
    double[][] centres = {{0.5, 0.5}, {0.02, 0.98}};
    double[][] x = Candidates.jumps(centres, 20000, 0.1, 1.0 / 3, new SplittableRandom(7));
    double near = 0;
    for (double[] p : x) {
      for (double v : p) {
        assertTrue(v >= 0 && v <= 1, "inside the unit cube: " + v);
      }
      double d = Math.min(Math.hypot(p[0] - 0.5, p[1] - 0.5), Math.hypot(p[0] - 0.02, p[1] - 0.98));
      near += d < 0.3 ? 1 : 0;
    }
    assertTrue(near / x.length > 0.6, "most jumps land within 0.3 of a centre: " + near / x.length);
    assertEquals(0.2, Candidates.reflect(-0.2), 1e-12);
    assertEquals(0.9, Candidates.reflect(1.1), 1e-12);
  }
}
