package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hepscan.executor.HepscanKryoRegistrator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training as a Spark task and scoring on executors, on local[2] with Kryo registration required. */
class MlpSparkTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("MlpSparkTest")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", HepscanKryoRegistrator.class.getName());
    spark = SparkSession.builder().config(conf).getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void fitsInASparkTaskAndScoresOnExecutorsInOrder() {
    double[][] x = MlpSurrogateTest.cube(300, 2, 1);
    TrainingSet data = TrainingSet.of(x, MlpSurrogateTest.apply(x, MlpSurrogateTest.BOWL), Task.REGRESSION);
    MlpSpec spec = MlpSurrogateTest.small(Task.REGRESSION).epochs(20).build();
    double[][] pool = MlpSurrogateTest.cube(10_001, 2, 2);
    try (Surrogate viaSpark = spec.fit(spark, data, 9, null, 0);
        Surrogate here = spec.train(data, 9, null, 0)) {
      assertEquals(300, viaSpark.provenance().get("rows"));
      // The Spark task trains exactly as this JVM does.
      assertArrayEquals(here.predict(pool).column(0), viaSpark.predict(pool).column(0), 0.0);

      Prediction local = CandidateScorer.score(spark, spec, viaSpark, pool, pool.length);
      Prediction distributed = CandidateScorer.score(spark, spec, viaSpark, pool, 1000);
      assertEquals(pool.length, distributed.size());
      assertNull(distributed.std());
      // Same model, rows in the same order; the slices cut the pool into other batch sizes than
      // predict's own chunks, and PyTorch's kernels may round the last float32 bit differently.
      assertArrayEquals(local.column(0), distributed.column(0), 1e-5);

      // A warm start also travels through the task.
      try (Surrogate warm = spec.fit(spark, data, 10, viaSpark, 2)) {
        assertEquals(22L, warm.provenance().get("total_epochs"));
      }
    }
  }

  @Test
  void distributedScoringOfAClassifierKeepsRowOrder() {
    double[][] x = MlpSurrogateTest.cube(200, 3, 3);
    double[] labels = MlpSurrogateTest.apply(x, p -> p[0] > 0.5 ? 1 : 0);
    MlpSpec spec = MlpSurrogateTest.small(Task.CLASSIFICATION).epochs(10).build();
    try (Surrogate m = spec.fit(spark, TrainingSet.of(x, labels, Task.CLASSIFICATION), 4, null, 0)) {
      double[][] pool = MlpSurrogateTest.cube(5003, 3, 4);
      double[] p = CandidateScorer.score(spark, spec, m, pool, 10).column(0);
      double[] q = m.predict(pool).column(0);
      assertArrayEquals(q, p, 1e-6);
      int right = 0;
      for (int i = 0; i < pool.length; i++) {
        right += (p[i] > 0.5) == (pool[i][0] > 0.5) ? 1 : 0;
      }
      assertTrue(right > 0.8 * pool.length, right + " of " + pool.length);
    }
  }
}
