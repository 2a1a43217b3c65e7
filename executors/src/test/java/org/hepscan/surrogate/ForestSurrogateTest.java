package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tree-ensemble surrogates trained on a real local Spark with Kryo registration required. */
class ForestSurrogateTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("ForestSurrogateTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static ForestSpec spec(Task task, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return ForestSpec.parse(Options.of("model", m), task);
  }

  static double[][] cube(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextDouble();
      }
    }
    return x;
  }

  static double[] apply(double[][] x, ToDoubleFunction<double[]> f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  static double mae(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  static final ToDoubleFunction<double[]> CURVED = p -> p[0] * p[0] + p[1];
  static final ToDoubleFunction<double[]> CIRCLE =
      p -> (p[0] - 0.5) * (p[0] - 0.5) + (p[1] - 0.5) * (p[1] - 0.5) < 0.1 ? 1 : 0;

  @Test
  void randomForestLearnsACurvedFunction() {
    double[][] x = cube(1000, 2, 1);
    ForestSpec spec = spec(Task.REGRESSION, "type", "random-forest", "trees", 20, "max_depth", 8);
    long t0 = System.nanoTime();
    Surrogate s = spec.fit(spark, TrainingSet.of(x, apply(x, CURVED), Task.REGRESSION), 11, null, 0);
    double fitSeconds = (System.nanoTime() - t0) / 1e9;

    double[][] fresh = cube(2000, 2, 2);
    Prediction p = s.predict(fresh);
    double mae = mae(p.column(0), apply(fresh, CURVED));
    System.out.printf("RF regression: fit 1000 rows %.2f s, MAE on fresh points %.4f%n", fitSeconds, mae);
    assertTrue(mae < 0.04, "MAE on fresh points " + mae + " (y spans 0..2)");
    assertEquals("random-forest", s.type());
    assertEquals(1, s.outputs());
    assertEquals(2, s.inputs());

    // The mean is the forest's own prediction; the spread across trees is there and positive.
    RandomForestRegressionModel rf = (RandomForestRegressionModel) ((ForestSurrogate) s).model(0);
    assertNotNull(p.std());
    for (int i = 0; i < 50; i++) {
      assertEquals(rf.predict(Vectors.dense(fresh[i])), p.mean()[i][0], 1e-12);
      assertTrue(p.std()[i][0] >= 0 && Double.isFinite(p.std()[i][0]));
    }
    assertTrue(p.std()[0][0] > 0, "20 bootstrapped trees disagree somewhat");

    Map<String, Object> prov = s.provenance();
    assertEquals(1000, prov.get("rows"));
    assertEquals(11L, prov.get("seed"));
    assertEquals(20, ((Map<?, ?>) prov.get("hyperparameters")).get("trees"));
    @SuppressWarnings("unchecked")
    List<Double> imp = (List<Double>) prov.get("feature_importances");
    assertEquals(2, imp.size());
    assertEquals(1.0, imp.get(0) + imp.get(1), 1e-9);
    assertTrue((double) prov.get("seconds") > 0);

  }

  @Test
  void gbtClassifierSeparatesACircle() {
    double[][] x = cube(1000, 2, 4);
    ForestSpec spec = spec(Task.CLASSIFICATION, "type", "gbt", "trees", 12, "max_depth", 4, "step_size", 0.5);
    long t0 = System.nanoTime();
    Surrogate s = spec.fit(spark, TrainingSet.of(x, apply(x, CIRCLE), Task.CLASSIFICATION), 5, null, 0);
    double fitSeconds = (System.nanoTime() - t0) / 1e9;

    double[][] fresh = cube(2000, 2, 5);
    double[] label = apply(fresh, CIRCLE);
    Prediction p = s.predict(fresh);
    assertNull(p.std(), "boosted trees have no spread");
    int right = 0;
    GBTClassificationModel gbt = (GBTClassificationModel) ((ForestSurrogate) s).model(0);
    for (int i = 0; i < fresh.length; i++) {
      double prob = p.mean()[i][0];
      assertTrue(prob >= 0 && prob <= 1, "a probability: " + prob);
      right += (prob >= 0.5 ? 1 : 0) == label[i] ? 1 : 0;
      if (i < 50) {
        assertEquals(gbt.predictProbability(Vectors.dense(fresh[i])).apply(1), prob, 1e-15);
      }
    }
    double accuracy = right / (double) fresh.length;
    System.out.printf("GBT classifier: fit 1000 rows %.2f s, accuracy on fresh points %.4f%n", fitSeconds, accuracy);
    assertTrue(accuracy >= 0.9, "accuracy " + accuracy);

    long t1 = System.nanoTime();
    Map<String, Double> q = ModelQuality.classification(spark, p.column(0), label, 0.5);
    System.out.printf("ModelQuality.classification on 2000 rows: %.3f s %s%n", (System.nanoTime() - t1) / 1e9, q);
    assertEquals(accuracy, q.get("accuracy"), 1e-12, "MLlib's accuracy is the one counted here");
    assertTrue(q.get("auc") > 0.95, "AUC " + q.get("auc"));
  }

  @Test
  void randomForestClassifierGivesTheProbabilityOfClassOne() {
    double[][] x = cube(600, 2, 6);
    ForestSpec spec = spec(Task.CLASSIFICATION, "type", "random-forest", "trees", 12, "max_depth", 6);
    ForestSurrogate s = (ForestSurrogate) spec.fit(spark, TrainingSet.of(x, apply(x, CIRCLE), Task.CLASSIFICATION),
        5, null, 0);
    double[][] fresh = cube(1000, 2, 7);
    Prediction p = s.predict(fresh);
    var rf = (org.apache.spark.ml.classification.RandomForestClassificationModel) s.model(0);
    int right = 0;
    double[] label = apply(fresh, CIRCLE);
    for (int i = 0; i < fresh.length; i++) {
      assertEquals(rf.predictProbability(Vectors.dense(fresh[i])).apply(1), p.mean()[i][0], 1e-12);
      right += (p.mean()[i][0] >= 0.5 ? 1 : 0) == label[i] ? 1 : 0;
    }
    assertTrue(right >= 0.88 * fresh.length, right + " of " + fresh.length + " right");
    assertNotNull(p.std());
  }

  @Test
  void multipleOutputsTrainOneModelEach() {
    double[][] x = cube(800, 3, 8);
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[] {x[i][0], 1 - x[i][1]};
    }
    ForestSpec spec = spec(Task.REGRESSION, "type", "random-forest", "trees", 10, "max_depth", 7,
        "feature_subset_strategy", "all");
    Surrogate s = spec.fit(spark, new TrainingSet(x, y, Task.REGRESSION), 3, null, 0);
    assertEquals(2, s.outputs());
    double[][] fresh = cube(1000, 3, 9);
    Prediction p = s.predict(fresh);
    double mae0 = mae(p.column(0), apply(fresh, q -> q[0]));
    double mae1 = mae(p.column(1), apply(fresh, q -> 1 - q[1]));
    assertTrue(mae0 < 0.03 && mae1 < 0.03, "MAE " + mae0 + ", " + mae1);
    @SuppressWarnings("unchecked")
    List<List<Double>> per = (List<List<Double>>) s.provenance().get("feature_importances_per_output");
    assertTrue(per.get(0).get(0) > 0.9, "output 0 is x0: " + per.get(0));
    assertTrue(per.get(1).get(1) > 0.9, "output 1 is 1 - x1: " + per.get(1));
  }

  @Test
  void bytesRoundTripGiveIdenticalPredictions() throws Exception {
    double[][] x = cube(400, 2, 10);
    double[][] fresh = cube(500, 2, 11);
    byte[][] gbtBytes = new byte[1][];
    for (ForestSpec spec : List.of(
        spec(Task.CLASSIFICATION, "type", "random-forest", "trees", 10),
        spec(Task.REGRESSION, "type", "gbt", "trees", 10))) {
      double[] y = spec.task() == Task.CLASSIFICATION ? apply(x, CIRCLE) : apply(x, CURVED);
      Surrogate s = spec.fit(spark, TrainingSet.of(x, y, spec.task()), 1, null, 0);
      byte[] bytes = s.toBytes();
      gbtBytes[0] = spec.isGbt() ? bytes : gbtBytes[0];
      Surrogate back = spec.load(bytes);
      System.out.printf("%s %s: %d bytes%n", spec.type(), spec.task(), bytes.length);
      assertEquals(s.type(), back.type());
      assertEquals(s.task(), back.task());
      assertEquals(s.inputs(), back.inputs());
      assertEquals(s.provenance(), back.provenance());
      Prediction a = s.predict(fresh);
      Prediction b = back.predict(fresh);
      for (int i = 0; i < fresh.length; i++) {
        assertArrayEquals(a.mean()[i], b.mean()[i], 0.0);
      }
      // predict is thread-safe: four threads see the same numbers.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Prediction>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          fs.add(pool.submit(() -> back.predict(fresh)));
        }
        for (Future<Prediction> f : fs) {
          assertArrayEquals(a.column(0), f.get().column(0), 0.0);
        }
      } finally {
        pool.shutdown();
      }
    }
    ForestSpec rf = spec(Task.REGRESSION, "type", "random-forest", "trees", 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rf.load(gbtBytes[0]));
    assertTrue(e.getMessage().contains("gbt regression model, not a random-forest"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rf.load(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
  }

  @Test
  void sameSeedSamePredictionsOtherSeedOthers() {
    double[][] x = cube(300, 2, 12);
    TrainingSet data = TrainingSet.of(x, apply(x, CURVED), Task.REGRESSION);
    ForestSpec spec = spec(Task.REGRESSION, "type", "random-forest", "trees", 5, "max_depth", 5);
    double[][] fresh = cube(200, 2, 13);
    Surrogate first = spec.fit(spark, data, 42, null, 0);
    double[] a = first.predict(fresh).column(0);
    double[] b = spec.fit(spark, data, 42, null, 0).predict(fresh).column(0);
    Surrogate other = spec.fit(spark, data, 43, dummy(), 7);
    double[] c = other.predict(fresh).column(0);
    assertArrayEquals(a, b, 0.0);
    boolean differs = false;
    for (int i = 0; i < a.length; i++) {
      differs |= a[i] != c[i];
    }
    assertTrue(differs, "another seed bootstraps other rows");
    @SuppressWarnings("unchecked")
    List<String> notes = (List<String>) other.provenance().get("notes");
    assertEquals(2, notes.size(), "warm start and epochs are ignored, and say so: " + notes);
    assertFalse(first.provenance().containsKey("notes"));
  }

  /** A stand-in warm start: trees ignore it. */
  private static Surrogate dummy() {
    return new Surrogate() {
      @Override
      public String type() {
        return "random-forest";
      }

      @Override
      public Task task() {
        return Task.REGRESSION;
      }

      @Override
      public int inputs() {
        return 2;
      }

      @Override
      public int outputs() {
        return 1;
      }

      @Override
      public Prediction predict(double[][] x) {
        throw new AssertionError("a warm start is never asked");
      }

      @Override
      public byte[] toBytes() {
        return new byte[0];
      }

      @Override
      public Map<String, Object> provenance() {
        return Map.of();
      }
    };
  }
}
