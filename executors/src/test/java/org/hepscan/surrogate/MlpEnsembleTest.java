package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ensemble of networks on local[2]: trained as one Spark job with a task per member,
 * each member the network its seed gives alone, a std that is the members' spread (small
 * where the rows are, large where the networks extrapolate), one model on disk. And the
 * training section on a local master: cpu trains, gpu is refused before any training.
 */
class MlpEnsembleTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("MlpEnsembleTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The bowl, learnt only from x1 in [0, 0.5]: the right half of the square is extrapolation. */
  private static TrainingSet leftHalf() {
    double[][] x = MlpSurrogateTest.cube(300, 2, 31);
    for (double[] r : x) {
      r[0] *= 0.5;
    }
    return TrainingSet.of(x, MlpSurrogateTest.apply(x, MlpSurrogateTest.BOWL), Task.REGRESSION);
  }

  private static MlpSpec.Builder ensemble(int n) {
    return MlpSurrogateTest.small(Task.REGRESSION).epochs(40).ensemble(n);
  }

  /** What Spark ran for the jobs started inside {@code body}. */
  private record Jobs(int jobs, List<int[]> stages, int tasks) {
  }

  private static Jobs watch(Runnable body) throws InterruptedException {
    List<int[]> stages = Collections.synchronizedList(new ArrayList<>());
    int[] counts = new int[2];
    CountDownLatch ended = new CountDownLatch(1);
    SparkListener l = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        synchronized (counts) {
          counts[0]++;
        }
      }

      @Override
      public void onStageCompleted(SparkListenerStageCompleted e) {
        stages.add(new int[] {e.stageInfo().numTasks(), e.stageInfo().resourceProfileId()});
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        synchronized (counts) {
          counts[1]++;
        }
      }

      @Override
      public void onJobEnd(SparkListenerJobEnd e) {
        ended.countDown();
      }
    };
    spark.sparkContext().addSparkListener(l);
    try {
      body.run();
      assertTrue(ended.await(30, TimeUnit.SECONDS), "the training job's end reached the listener");
      Thread.sleep(200); // events after the job's end (none expected) would show as a second job
    } finally {
      spark.sparkContext().removeSparkListener(l);
    }
    synchronized (counts) {
      return new Jobs(counts[0], List.copyOf(stages), counts[1]);
    }
  }

  @Test
  void threeMembersTrainAsOneStageOfThreeTasksAndSpreadWhereThereIsNoData() throws Exception {
    TrainingSet data = leftHalf();
    MlpSpec spec = ensemble(3).build();
    Surrogate[] fitted = new Surrogate[1];
    Jobs jobs = watch(() -> fitted[0] = spec.fit(spark, data, 77, null, 0));
    assertEquals(1, jobs.jobs(), "one Spark job");
    assertEquals(1, jobs.stages().size(), "one stage");
    assertEquals(3, jobs.stages().get(0)[0], "a task per member");
    assertEquals(3, jobs.tasks());
    assertEquals(0, jobs.stages().get(0)[1], "local master: the default resource profile");

    try (MlpEnsemble e = (MlpEnsemble) fitted[0]) {
      assertEquals(3, e.members().size());
      double[][] inside = MlpSurrogateTest.cube(500, 2, 32);
      double[][] outside = MlpSurrogateTest.cube(500, 2, 33);
      for (int i = 0; i < inside.length; i++) {
        inside[i][0] = 0.1 + 0.3 * inside[i][0];
        outside[i][0] = 0.9 + 0.1 * outside[i][0];
      }
      Prediction in = e.predict(inside);
      Prediction out = e.predict(outside);
      // Member i is exactly the network seed + i * step gives alone, though members trained side by side.
      for (int i = 0; i < 3; i++) {
        try (MlpSurrogate alone = spec.train(data, MlpSpec.memberSeed(77, i), null, 0)) {
          assertArrayEquals(alone.predict(inside).column(0), e.members().get(i).predict(inside).column(0), 0.0, "member " + i);
          assertEquals(MlpSpec.memberSeed(77, i), ((Number) e.members().get(i).provenance().get("seed")).longValue());
        }
      }
      double[][] m = new double[3][];
      for (int i = 0; i < 3; i++) {
        m[i] = e.members().get(i).predict(inside).column(0);
      }
      for (int r = 0; r < inside.length; r++) {
        double mu = (m[0][r] + m[1][r] + m[2][r]) / 3;
        double sd = Math.sqrt((Math.pow(m[0][r] - mu, 2) + Math.pow(m[1][r] - mu, 2) + Math.pow(m[2][r] - mu, 2)) / 2);
        assertEquals(mu, in.mean()[r][0], 1e-12);
        assertEquals(sd, in.std()[r][0], 1e-12);
        assertTrue(in.std()[r][0] > 0, "three seeds never agree to the last bit");
      }
      double spreadIn = mean(in.std());
      double spreadOut = mean(out.std());
      double errIn = Math.sqrt(MlpSurrogateTest.mse(in.column(0), MlpSurrogateTest.apply(inside, MlpSurrogateTest.BOWL)));
      System.out.printf("ensemble of 3: mean std %.4f where the rows are, %.4f beyond them; rmse inside %.4f%n",
          spreadIn, spreadOut, errIn);
      assertTrue(spreadOut > 3 * spreadIn, "std inside " + spreadIn + ", outside " + spreadOut);
      assertTrue(spreadIn < 0.05 && errIn < 0.05, "the mean fits the rows: std " + spreadIn + ", rmse " + errIn);

      // one model on disk, members and provenance included
      byte[] bytes = e.toBytes();
      try (Surrogate back = spec.load(bytes)) {
        assertTrue(back instanceof MlpEnsemble);
        Prediction p = back.predict(outside);
        assertArrayEquals(out.column(0), p.column(0), 0.0);
        assertArrayEquals(flat(out.std()), flat(p.std()), 0.0);
        assertEquals(3, back.provenance().get("ensemble"));
        assertEquals(300, back.provenance().get("rows"));
        assertEquals(77L, back.provenance().get("seed"));
        assertTrue(((String) back.provenance().get("training")).startsWith("training on CPU"), back.provenance().toString());
        List<?> members = (List<?>) back.provenance().get("members");
        assertEquals(3, members.size());
        for (Object o : members) {
          Map<?, ?> mp = (Map<?, ?>) o;
          assertEquals("cpu()", mp.get("device"));
          assertEquals("driver", mp.get("executor"));
          assertNotNull(mp.get("final_loss"));
        }
      }

      // scored on the executors, the std comes back too
      Prediction distributed = CandidateScorer.score(spark, spec, e, outside, 100);
      assertArrayEquals(out.column(0), distributed.column(0), 1e-5);
      assertArrayEquals(flat(out.std()), flat(distributed.std()), 1e-5);

      // a warm start continues every member from its own network
      try (Surrogate warm = spec.fit(spark, data, 78, e, 3)) {
        for (Object o : (List<?>) warm.provenance().get("members")) {
          assertEquals(43L, ((Map<?, ?>) o).get("total_epochs"));
        }
        assertTrue(warm.predict(inside).std()[0][0] > 0);
      }
      try (MlpSurrogate single = MlpSurrogateTest.small(Task.REGRESSION).epochs(1).build().train(data, 1, null, 0)) {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> spec.fit(spark, data, 79, single, 1));
        assertTrue(bad.getMessage().contains("has 1 network(s); this spec trains 3"), bad.getMessage());
      }
    }
  }

  @Test
  void aClassifierEnsembleGivesTheMeanProbabilityAndItsSpread() {
    double[][] x = MlpSurrogateTest.cube(300, 2, 41);
    double[] labels = MlpSurrogateTest.apply(x, p -> p[0] + p[1] > 1 ? 1 : 0);
    MlpSpec spec = MlpSurrogateTest.small(Task.CLASSIFICATION).epochs(30).ensemble(2).build();
    try (Surrogate m = spec.fit(spark, TrainingSet.of(x, labels, Task.CLASSIFICATION), 5, null, 0)) {
      Prediction p = m.predict(new double[][] {{0.05, 0.05}, {0.95, 0.95}, {0.5, 0.5}});
      assertTrue(p.mean()[0][0] < 0.1 && p.mean()[1][0] > 0.9, java.util.Arrays.deepToString(p.mean()));
      assertTrue(p.std()[2][0] > p.std()[0][0], "the members disagree most on the boundary: " + java.util.Arrays.deepToString(p.std()));
      double[][] g = m.gradient(new double[][] {{0.5, 0.5}}, 0);
      assertTrue(g[0][0] > 0 && g[0][1] > 0, "the probability rises across the boundary: " + java.util.Arrays.toString(g[0]));
    }
  }

  @Test
  void onALocalMasterCpuTrainsAndGpuIsRefusedBeforeTraining() {
    TrainingSet data = leftHalf();
    MlpSpec cpu = ensemble(1).epochs(5).device("cpu").build();
    cpu.prepare(spark);
    try (Surrogate m = cpu.fit(spark, data, 3, null, 0)) {
      assertEquals("cpu()", m.provenance().get("device"));
      String plan = (String) m.provenance().get("training");
      assertTrue(plan.startsWith("training on CPU (strategy.training.device is cpu): master local[2] runs tasks in the driver JVM,"
          + " where Spark supports no stage-level ResourceProfiles"), plan);
    }
    MlpSpec gpu = ensemble(2).device("gpu").build();
    IllegalStateException early = assertThrows(IllegalStateException.class, () -> gpu.prepare(spark));
    assertTrue(early.getMessage().startsWith("strategy.training.device is gpu, but master local[2] runs every task in the"
        + " driver JVM, where Spark supports no stage-level ResourceProfiles, and DJL sees no GPU in this JVM"), early.getMessage());
    assertThrows(IllegalStateException.class, () -> gpu.fit(spark, data, 3, null, 0));
    // without Spark, a gpu network needs a GPU DJL sees here, and says what is missing
    IllegalStateException here = assertThrows(IllegalStateException.class, () -> gpu.train(data, 3, null, 0));
    assertTrue(here.getMessage().contains("DJL sees no GPU in executor driver") && here.getMessage().contains("pytorch-native-cu128"),
        here.getMessage());
  }

  private static double mean(double[][] v) {
    double s = 0;
    for (double[] r : v) {
      s += r[0];
    }
    return s / v.length;
  }

  private static double[] flat(double[][] v) {
    return java.util.Arrays.stream(v).mapToDouble(r -> r[0]).toArray();
  }
}
