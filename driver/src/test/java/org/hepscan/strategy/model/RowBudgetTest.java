package org.hepscan.strategy.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.junit.jupiter.api.Test;

/**
 * The row budget: a history that fits trains whole and draws nothing; a longer one gives
 * exactly max_rows rows, the recent ones and the rare class kept, the rest sampled with
 * weights that keep every weighted sum unbiased.
 */
class RowBudgetTest {

  /** n rows in history order: x = (i / n), y = 1 for every tenth row (the "in target" ones). */
  private static TrainingSet classification(int n) {
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {i / (double) n};
      y[i] = i % 10 == 0 ? 1 : 0;
    }
    return TrainingSet.of(x, y, Task.CLASSIFICATION);
  }

  @Test
  void aSetThatFitsIsUsedAsItIsWithoutADraw() {
    TrainingSet data = classification(1000);
    SplittableRandom rng = new SplittableRandom(1);
    long next = new SplittableRandom(1).nextLong();
    assertSame(data, new RowBudget(1000).select(data, null, rng));
    assertSame(data, new RowBudget(0).select(data, null, rng));
    assertEquals(next, rng.nextLong(), "no draw when the budget does not apply");
  }

  @Test
  void aLongHistoryKeepsItsRecentRowsAndItsRareClassAndWeighsTheRest() {
    int n = 100_000;
    TrainingSet data = classification(n);
    TrainingSet cut = new RowBudget(4000).select(data, null, new SplittableRandom(7));
    assertEquals(4000, cut.size());
    assertTrue(cut.weighted());
    Set<Double> kept = new HashSet<>();
    double total = 0;
    double positives = 0;
    double mean = 0;
    for (int i = 0; i < cut.size(); i++) {
      kept.add(cut.x()[i][0]);
      total += cut.weight(i);
      positives += cut.weight(i) * cut.y()[i][0];
      mean += cut.weight(i) * cut.x()[i][0];
    }
    assertEquals(4000, kept.size(), "no row twice");
    for (int i = n - 1000; i < n; i++) {
      assertTrue(kept.contains(i / (double) n), "recent row " + i + " is kept whole");
    }
    // the rare class (10,000 rows) is sampled at half the budget, the rest fills the other quarter
    assertEquals(n, total, 1e-6, "the total weight is the history's");
    assertEquals(n / 10.0, positives, 1e-6, "the positive rows weigh what they are in the history");
    assertEquals(0.5, mean / total, 0.02, "a weighted mean over the sample estimates the history's");
  }

  @Test
  void whenTheRareRowsFitTheyAreAllKeptAtTheirWeight() {
    int n = 50_000;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    boolean[] inTarget = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {i};
      y[i] = new double[] {i % 2};
      inTarget[i] = i % 100 == 0; // 500 of them
    }
    TrainingSet data = new TrainingSet(x, y, Task.REGRESSION, null);
    TrainingSet cut = new RowBudget(2000).select(data, inTarget, new SplittableRandom(3));
    assertEquals(2000, cut.size());
    int priorityKept = 0;
    for (int i = 0; i < cut.size(); i++) {
      int row = (int) cut.x()[i][0];
      if (row % 100 == 0 && row < n - 500) {
        priorityKept++;
        assertEquals(1.0, cut.weight(i), 0, "a priority row kept whole weighs 1");
      }
    }
    assertEquals(495, priorityKept, "every in-target row older than the recent quarter is kept");
    TrainingSet again = new RowBudget(2000).select(data, inTarget, new SplittableRandom(3));
    for (int i = 0; i < cut.size(); i++) {
      assertArrayEquals(cut.x()[i], again.x()[i], "the same generator draws the same rows");
    }
  }

  @Test
  void priorityMarksMustMatchTheRows() {
    assertThrows(IllegalArgumentException.class,
        () -> new RowBudget(1000).select(classification(2000), new boolean[3], new SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class, () -> new RowBudget(-1));
  }
}
