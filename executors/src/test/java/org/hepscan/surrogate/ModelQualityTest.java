package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MLlib's evaluators against numbers worked out by hand. */
class ModelQualityTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("ModelQualityTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void classificationMatchesTheConfusionCountedByHand() {
    // TP 3 (0.9 0.8 0.7), FN 2 (0.4 0.2), FP 1 (0.6), TN 4 (0.3 0.1 0.05 0.45); threshold 0.5.
    double[] p = {0.9, 0.8, 0.7, 0.4, 0.2, 0.6, 0.3, 0.1, 0.05, 0.45};
    double[] y = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    long t0 = System.nanoTime();
    Map<String, Double> q = ModelQuality.classification(spark, p, y, 0.5);
    System.out.printf("ModelQuality.classification, 10 rows: %.3f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(10.0, q.get("rows"));
    assertEquals(7 / 10.0, q.get("accuracy"), 1e-12);
    assertEquals(3 / 4.0, q.get("precision"), 1e-12);
    assertEquals(3 / 5.0, q.get("recall"), 1e-12);
    assertEquals(2 * 0.75 * 0.6 / (0.75 + 0.6), q.get("f1"), 1e-12);
    // Pairs (positive, negative) ranked right: 5 + 5 + 5 + 3 (0.4 beats 0.3 0.1 0.05) + 2 = 20 of 25.
    assertEquals(20 / 25.0, q.get("auc"), 1e-12);

    // The threshold moves rows between classes: at 0.35, 0.4 and 0.45 become positive.
    Map<String, Double> low = ModelQuality.classification(spark, p, y, 0.35);
    assertEquals(4 / 6.0, low.get("precision"), 1e-12);
    assertEquals(4 / 5.0, low.get("recall"), 1e-12);
  }

  @Test
  void classificationEdgeCasesGiveFiniteNumbers() {
    assertTrue(ModelQuality.classification(spark, new double[0], new double[0], 0.5).isEmpty());
    assertTrue(ModelQuality.classification(spark, new double[] {Double.NaN}, new double[] {1}, 0.5).isEmpty());

    // Only negatives, one predicted positive: precision 0 (tp + fp = 1, tp = 0), recall 0 (no positives), no AUC.
    Map<String, Double> neg = ModelQuality.classification(spark, new double[] {0.1, 0.7, 0.2}, new double[] {0, 0, 0}, 0.5);
    assertEquals(2 / 3.0, neg.get("accuracy"), 1e-12);
    assertEquals(0.0, neg.get("precision"));
    assertEquals(0.0, neg.get("recall"));
    assertEquals(0.0, neg.get("f1"));
    assertFalse(neg.containsKey("auc"));

    // Only positives, all found; a NaN probability is skipped.
    Map<String, Double> pos = ModelQuality.classification(spark, new double[] {0.9, 0.8, Double.NaN},
        new double[] {1, 1, 1}, 0.5);
    assertEquals(2.0, pos.get("rows"));
    assertEquals(1.0, pos.get("accuracy"));
    assertEquals(1.0, pos.get("precision"));
    assertEquals(1.0, pos.get("recall"));
    assertEquals(1.0, pos.get("f1"));
    assertFalse(pos.containsKey("auc"));

    // Nothing predicted positive among mixed labels: precision 0 by MLlib's definition.
    Map<String, Double> none = ModelQuality.classification(spark, new double[] {0.1, 0.2}, new double[] {1, 0}, 0.5);
    assertEquals(0.5, none.get("accuracy"), 1e-12);
    assertEquals(0.0, none.get("precision"));
    assertEquals(0.0, none.get("recall"));
    for (Map<String, Double> m : List.of(neg, pos, none)) {
      m.values().forEach(v -> assertTrue(Double.isFinite(v), m.toString()));
    }
  }

  @Test
  void regressionMaeIsTheHandComputedOne() {
    double[][] predicted = {{1.0, 5.0}, {2.0, 5.0}, {3.5, 5.0}, {4.0, 6.0}};
    double[][] actual = {{1.5, 5.0}, {2.0, 5.0}, {3.0, 5.0}, {5.0, 5.0}};
    long t0 = System.nanoTime();
    Map<String, Double> q = ModelQuality.regression(spark, predicted, actual, List.of("mh", "omega"));
    System.out.printf("ModelQuality.regression, 4 rows x 2 outputs: %.3f s%n", (System.nanoTime() - t0) / 1e9);
    double maeMh = (0.5 + 0 + 0.5 + 1.0) / 4;
    double maeOmega = (0 + 0 + 0 + 1.0) / 4;
    assertEquals(4.0, q.get("rows"));
    assertEquals(maeMh, q.get("mae_mh"), 1e-12);
    assertEquals(maeOmega, q.get("mae_omega"), 1e-12);
    assertEquals((maeMh + maeOmega) / 2, q.get("mae"), 1e-12);
    assertEquals(Math.sqrt((0.25 + 0 + 0.25 + 1.0) / 4), q.get("rmse_mh"), 1e-12);
    assertEquals(0.5, q.get("rmse_omega"), 1e-12);
    // R² = 1 - SSres / SStot with mean 2.875: SStot = 7.1875, SSres = 1.5.
    assertEquals(1 - 1.5 / 7.1875, q.get("r2_mh"), 1e-12);
    assertFalse(q.containsKey("r2_omega"), "constant actual values: no finite R²");

    assertTrue(ModelQuality.regression(spark, new double[0][], new double[0][], List.of("a")).isEmpty());
    Map<String, Double> skip = ModelQuality.regression(spark, new double[][] {{Double.NaN}, {2}},
        new double[][] {{1}, {1}}, List.of("a"));
    assertEquals(1.0, skip.get("rows"));
    assertEquals(1.0, skip.get("mae"), 1e-12);
  }

  @Test
  void theSpreadFiguresOfPapers003AreCountedAsDefined() {
    // Same rows as above, each with a std: at mean + 3 std >= 0.5 the FNs 0.4 (std 0.05) and
    // 0.2 (std 0.02) become TP and FN, the TN 0.45 (std 0.1) a FP.
    double[] p = {0.9, 0.8, 0.7, 0.4, 0.2, 0.6, 0.3, 0.1, 0.05, 0.45};
    double[] s = {0, 0, 0, 0.05, 0.02, 0, 0.01, 0, 0, 0.1};
    double[] y = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    Map<String, Double> q = ModelQuality.classificationSpread(p, s, y, 0.5);
    assertEquals(4 / 6.0, q.get("precision_3sigma"), 1e-12); // TP 4, FP 2
    assertEquals(4 / 5.0, q.get("recall_3sigma"), 1e-12); // FN 1
    assertEquals(2 * (4 / 6.0) * 0.8 / (4 / 6.0 + 0.8), q.get("f1_3sigma"), 1e-12);

    // Output a: errors 1, 2, 4 with std 1 (inside, inside, outside); percent errors 10, 10, 40.
    // Output b: actual 0 in one row (no percent error there), every row inside.
    double[][] pred = {{11, 1}, {18, 2}, {14, 3}};
    double[][] sd = {{1, 1}, {1, 1}, {1, 1}};
    double[][] act = {{10, 0}, {20, 2}, {10, 4}};
    Map<String, Double> r = ModelQuality.regressionSpread(pred, sd, act, List.of("a", "b"));
    assertEquals(2 / 3.0, r.get("coverage_3sigma_a"), 1e-12);
    assertEquals(1.0, r.get("coverage_3sigma_b"), 1e-12);
    assertEquals(20.0, r.get("percent_error_a"), 1e-12);
    assertEquals(12.5, r.get("percent_error_b"), 1e-12); // (0 + 25) / 2
    assertEquals((2 / 3.0 + 1) / 2, r.get("coverage_3sigma"), 1e-12);
    assertEquals((20 + 12.5) / 2, r.get("percent_error"), 1e-12);
  }
}
