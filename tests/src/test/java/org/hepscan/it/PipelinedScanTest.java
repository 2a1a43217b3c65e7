package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.store.CallTimes;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.IterationStats;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.api.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelined rounds (staleness 1, the default of the learning strategies): batch k+1 is
 * proposed while batch k is on the executors. The points must not depend on which finishes
 * first, a stopped or crashed scan must resume to the rows of an uninterrupted one, a stop
 * rule must drop the batch proposed ahead without evaluating or writing it, and each
 * iteration's figures (busy fraction, call times, dispatch overhead, training) must be in
 * progress.json, the status command and the Spark job labels.
 */
class PipelinedScanTest {
  @TempDir
  Path dir;

  /** dnnc on the 2-D shell (B2) over the faulty oracle without faults: {@code delay} seconds per call. */
  static String spec(String stop, double delay, int staleness) {
    return String.format(Locale.ROOT, """
        name: pipelined
        seed: 11
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
        oracle:
          builtin: faulty
          options: {base: shell, delay_seconds: %s}
        constraints:
          - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}
        strategy:
          name: dnnc
          initial: 30
          batch: 30
          candidates: 5000
          staleness: %d
          model: {hidden: [16, 16], epochs: 30, batch_size: 32}
        stop: %s
        """, delay, staleness, stop);
  }

  private static List<String> rows(String out) throws Exception {
    return TestScans.comparable(TestScans.rows(out));
  }

  private static Progress progress(String out) throws Exception {
    return Json.MAPPER.readValue(Files.readString(Path.of(out, "progress.json")), Progress.class);
  }

  private static void assertIdsOneToN(List<Row> rows) {
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i + 1L, rows.get(i).getLong(rows.get(i).fieldIndex("id")), "id " + (i + 1) + " missing or repeated");
    }
  }

  /** The iterations written under points/ (iteration=K directories). */
  private static List<Integer> onDisk(String out) throws Exception {
    ScanOutput o = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    return o.iterationsOnDisk();
  }

  @Test
  void thePointsDoNotDependOnTimingAndTheFiguresAreRecorded() throws Exception {
    // without delay the evaluation ends long before the training; with 0.03 s per call
    // (0.45 s per batch on 2 cores) the training usually ends first
    String fast = dir.resolve("fast").toString();
    TestScans.run(TestScans.spec(spec("{max_iterations: 6}", 0, 1)), fast, false);
    List<String> jobs = new ArrayList<>();
    java.util.Map<String, Long> startMillis = new java.util.HashMap<>();
    SparkListener labels = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        String group = job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id");
        String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
        synchronized (jobs) {
          jobs.add(group + " | " + description);
          startMillis.putIfAbsent(group + " | " + description, job.time());
        }
      }
    };
    String slow = dir.resolve("slow").toString();
    TestScans.spark().sparkContext().addSparkListener(labels);
    try {
      TestScans.run(TestScans.spec(spec("{max_iterations: 6}", 0.03, 1)), slow, false);
    } finally {
      TestScans.spark().sparkContext().listenerBus().waitUntilEmpty();
      TestScans.spark().sparkContext().removeSparkListener(labels);
    }
    List<String> a = rows(fast);
    assertEquals(180, a.size());
    TestScans.assertSameRows(a, rows(slow));

    // the same scan run sequentially: batch 1 is the same random one, batch 2 is chosen by a
    // model there and is random here (no model has learned when it is proposed)
    String sequential = dir.resolve("sequential").toString();
    TestScans.run(TestScans.spec(spec("{max_iterations: 3}", 0, 0)), sequential, false);
    List<String> s = rows(sequential);
    TestScans.assertSameRows(a.subList(0, 30), s.subList(0, 30));
    assertNotEquals(a.subList(30, 90), s.subList(30, 90));
    assertTrue(a.get(45).contains("origin=random") && !s.get(45).contains("origin=random"), a.get(45) + "\n" + s.get(45));

    Progress p = progress(slow);
    assertEquals(6, p.iterations().size());
    // batches 1 and 2 are random (7.86 % of the shell's square is in target); the small classifier's are
    // over 3 times better (33 of 120 with this seed)
    long learnedIn = p.iterations().subList(2, 6).stream().mapToLong(IterationStats::inTarget).sum();
    assertTrue(learnedIn > 3 * 0.0786 * 120, "pipelined dnnc: " + learnedIn + " of the 120 points of batches 3-6 in target, not 3 x random");
    double sum = 0;
    for (IterationStats it : p.iterations()) {
      String where = "iteration " + it.iteration() + ": ";
      assertEquals(it.iteration() - 1, it.trainedThrough(), where + "pipelined: trained on the data through the one before");
      assertEquals(2, it.cores(), where + "local[2]");
      assertTrue(it.tasks() >= 4 && it.tasks() <= 30, where + "tasks " + it.tasks());
      CallTimes c = it.callSeconds();
      assertEquals(30, c.calls(), where + "every call ran on an executor");
      assertTrue(c.min() >= 0.03 && c.min() <= c.median() && c.median() <= c.p90() && c.p90() <= c.max(), where + c);
      assertTrue(c.sum() >= 30 * 0.03 && c.sum() <= 30 * c.max() + 1e-9, where + c);
      assertTrue(it.lentCoreSeconds() >= 0 && it.lentCoreSeconds() <= 2 * it.evalSeconds(), where + it.lentCoreSeconds());
      double ideal = Math.max((c.sum() + it.lentCoreSeconds()) / 2, c.max());
      assertTrue(it.evalSeconds() >= Math.max(c.sum() / 2, c.max()), where + "the job cannot beat calls x seconds / cores: " + it.evalSeconds());
      assertEquals(Math.max(0, it.evalSeconds() - ideal), it.dispatchOverheadSeconds(), 1e-9, where + "overhead = job time - ideal");
      assertEquals(it.dispatchOverheadSeconds() / ideal, it.dispatchOverheadFraction(), 1e-9, where);
      assertEquals(c.sum() / (it.evalSeconds() * 2), it.executorBusyFraction(), 1e-9, where);
      assertTrue(it.roundSeconds() >= it.evalSeconds(), where + "a round holds its evaluation");
      assertTrue(it.roundBusyFraction() > 0 && it.roundBusyFraction() <= it.executorBusyFraction(), where);
      assertTrue(it.writeSeconds() > 0, where);
      if (it.iteration() >= 2) {
        assertTrue(it.trainSeconds() > 0, where + "a classifier was trained while this batch was evaluated");
      }
      if (it.iteration() <= 5) {
        assertTrue(it.proposeSeconds() > 0, where + "the next batch was proposed meanwhile");
      } else {
        assertEquals(0, it.proposeSeconds(), where + "max_iterations: no batch after the last is proposed");
      }
      sum += c.sum();
    }
    assertEquals(sum, p.totals().callSeconds(), 1e-9);
    assertEquals(Math.min(1, sum / (p.totals().wallSeconds() * 2)), p.totals().executorBusyFraction(), 1e-9);
    assertTrue(p.iterations().get(2).modelQuality().containsKey("f1"), "the model that chose batch 3 was measured on it");

    TestScans.Cli status = TestScans.cli("status", slow);
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("last round   iteration 6: eval ") && status.out().contains(" on 2 cores, ")
        && status.out().contains("(calls median ") && status.out().contains("% of the round, dispatch +"), status.out());
    assertTrue(status.out().contains("executors    busy ") && status.out().contains("% of the wall time ("), status.out());
    TestScans.Cli json = TestScans.cli("status", slow, "--json");
    assertTrue(json.out().contains("\"dispatch_overhead_seconds\"") && json.out().contains("\"p90\""), json.out());

    synchronized (jobs) {
      assertTrue(jobs.contains("hepscan/pipelined/3/evaluate | hepscan pipelined iteration 3: evaluate 30 points"), jobs.toString());
      // (the MLP's own fit names its job "hepscan: train mlp on N rows"; the group says which iteration)
      assertTrue(jobs.stream().anyMatch(j -> j.startsWith("hepscan/pipelined/3/train | ")), "the classifier trained on iterations 1-3: " + jobs);
      // pipelined: rows 2 are written and the classifier learns them after batch 3 has gone out
      int train2 = jobs.stream().filter(j -> j.startsWith("hepscan/pipelined/2/train | ")).findFirst().map(jobs::indexOf).orElse(-1);
      assertTrue(train2 > jobs.indexOf("hepscan/pipelined/3/evaluate | hepscan pipelined iteration 3: evaluate 30 points")
          && train2 < jobs.indexOf("hepscan/pipelined/4/evaluate | hepscan pipelined iteration 4: evaluate 30 points"), jobs.toString());
      // rows 2 are written (by the driver, no Spark job) once batch 3 has gone out
      long written2 = java.nio.file.Files.getLastModifiedTime(java.nio.file.Path.of(slow, "points", "iteration=2",
          "part-00000.snappy.parquet")).toMillis();
      assertTrue(written2 >= startMillis.get("hepscan/pipelined/3/evaluate | hepscan pipelined iteration 3: evaluate 30 points"),
          written2 + " " + startMillis);
      assertTrue(jobs.stream().anyMatch(j -> j.startsWith("hepscan/pipelined/4/measure | ")), jobs.toString());
    }
  }

  @Test
  void aStoppedOrCrashedPipelinedScanResumesToTheRowsOfAnUninterruptedOne() throws Exception {
    String straight = dir.resolve("straight").toString();
    TestScans.run(TestScans.spec(spec("{max_iterations: 6}", 0.01, 1)), straight, false);
    List<String> reference = rows(straight);

    // stopped by its stop rule after 3, resumed with a raised one
    String stopped = dir.resolve("stopped").toString();
    TestScans.run(TestScans.spec(spec("{max_iterations: 3}", 0.01, 1)), stopped, false);
    assertEquals(List.of(1, 2, 3), onDisk(stopped));
    ScanResult resumed = TestScans.run(TestScans.spec(spec("{max_iterations: 6}", 0.01, 1)), stopped, true);
    assertEquals(4, resumed.firstIteration());
    assertIdsOneToN(TestScans.rows(stopped));
    TestScans.assertSameRows(reference, rows(stopped));

    // the driver dies right after checkpointing iteration 4, while batch 5 is on the executors
    String crashed = dir.resolve("crashed").toString();
    ScanReporter dies = new ScanReporter() {
      @Override
      public void iterationFinished(IterationStats stats, History history) {
        if (stats.iteration() == 4) {
          throw new IllegalStateException("simulated driver failure");
        }
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestScans.run(TestScans.spec(spec("{max_iterations: 6}", 0.01, 1)), crashed, false, dies));
    assertEquals("simulated driver failure", e.getMessage());
    ScanOutput output = ScanOutput.at(crashed, TestScans.spark().sparkContext().hadoopConfiguration());
    Checkpoint c = Checkpoint.load(output).orElseThrow();
    assertEquals(4, c.iteration());
    assertEquals(3, c.learned(), "the state that proposed batch 5: learned through 3");
    assertEquals(List.of(1, 2, 3, 4), onDisk(crashed), "batch 5 was cancelled, nothing of it written");
    TestScans.run(TestScans.spec(spec("{max_iterations: 6}", 0.01, 1)), crashed, true);
    assertIdsOneToN(TestScans.rows(crashed));
    TestScans.assertSameRows(reference, rows(crashed));
  }

  @Test
  void aStopRuleDropsTheBatchProposedAheadAndAResumeProposesItAgain() throws Exception {
    String high = dir.resolve("high").toString();
    ScanResult full = TestScans.run(TestScans.spec(spec("{target_points: 60, max_iterations: 12}", 0, 1)), high, false);
    assertTrue(full.stopReason().startsWith("reached"), full.stopReason());

    String low = dir.resolve("low").toString();
    ScanResult first = TestScans.run(TestScans.spec(spec("{target_points: 20, max_iterations: 12}", 0, 1)), low, false);
    assertTrue(first.stopReason().contains("target_points: 20"), first.stopReason());
    int k = first.history().iterations();
    assertTrue(k < full.history().iterations(), "the low target stops earlier: " + k);
    // batch k+1 was proposed while batch k ran; the stop rule dropped it: not evaluated, not written
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= k; i++) {
      expected.add(i);
    }
    assertEquals(expected, onDisk(low));
    List<Row> rows = TestScans.rows(low);
    assertEquals(30L * k, rows.size());
    assertIdsOneToN(rows);
    assertFalse(Files.exists(dir.resolve("low/points/iteration=" + (k + 1))));

    TestScans.run(TestScans.spec(spec("{target_points: 60, max_iterations: 12}", 0, 1)), low, true);
    assertIdsOneToN(TestScans.rows(low));
    TestScans.assertSameRows(rows(high), rows(low));
  }
}
