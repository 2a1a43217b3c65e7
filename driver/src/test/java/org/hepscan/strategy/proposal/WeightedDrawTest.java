package org.hepscan.strategy.proposal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Draws follow the weights; a zero or negative weight is never drawn; no positive weight at all is refused. */
class WeightedDrawTest {
  @Test
  void drawsFollowTheWeightsAndSkipZeros() {
    WeightedDraw w = new WeightedDraw(new double[] {0, 1, 0, 3, -2});
    int[] count = new int[5];
    SplittableRandom rng = new SplittableRandom(1);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      count[w.draw(rng)]++;
    }
    assertEquals(0, count[0] + count[2] + count[4], "zero and negative weights are never drawn");
    assertEquals(0.25, count[1] / (double) n, 0.005);
    assertEquals(0.75, w.probability(3), 1e-12);
    assertEquals(3, w.indexOf(1.0), "a number on a running sum belongs to the next weight");
    assertEquals(3, w.indexOf(4.0), "at the total: the last drawable index");
  }

  @Test
  void noPositiveWeightIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WeightedDraw(new double[] {0, 0}));
  }
}
