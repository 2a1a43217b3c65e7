package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.hepscan.it.cluster.EventLog;
import org.hepscan.it.cluster.StandaloneCluster;
import org.hepscan.it.cluster.Submission;
import org.junit.jupiter.api.Test;

/**
 * spark-submit of the application jar to a real standalone cluster on loopback (a master
 * and 2 workers from deploy/standalone.sh, each its own JVM): the oracle calls run in the
 * executor JVMs the workers start, not in the driver, and the output is complete. The
 * strategy learns (dnnr) and scores its candidates on the executors, so DJL and libtorch
 * from inside the application jar run there too.
 */
class StandaloneClusterIT {
  static final String SPEC = """
      name: cluster-eggbox
      seed: 11
      parameters:
        x1: {min: 0, max: 31.41592653589793}
        x2: {min: 0, max: 31.41592653589793}
      oracle: {builtin: eggbox}
      constraints:
        - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
      strategy:
        name: dnnr
        initial: 40
        batch: 20
        candidates: 4000
        score_on_executors_above: 1000
        model: {hidden: [16, 16], epochs: 20, batch_size: 32}
      stop: {max_iterations: 2}
      """;

  @Test
  void aScanSubmittedToTwoWorkersEvaluatesInTwoExecutorJvms() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "it-standalone").toAbsolutePath());
    TestFiles.clean(dir);
    Path spec = Files.writeString(dir.resolve("cluster-eggbox.yaml"), SPEC);
    Path events = Files.createDirectories(dir.resolve("events"));
    String output = dir.resolve("out").toString();

    long t0 = System.nanoTime();
    try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1)) {
      long t1 = System.nanoTime();
      List<String> spark = List.of("--master", cluster.masterUrl(), "--name", "hepscan standalone IT",
          "--executor-memory", "512m",
          "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0", // both executors before the first job
          "--conf", "spark.ui.enabled=false",
          "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri());
      Map<Long, StandaloneCluster.Executor> seen = new HashMap<>();
      int code;
      long driverPid;
      try (Submission run = Submission.start(dir.resolve("driver.log"), Map.of(), spark,
          List.of("run", spec.toString(), "--output", output, "--no-progress"))) {
        driverPid = run.pid();
        // the executor JVMs live as long as the application: see them while it runs
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (run.isAlive() && System.nanoTime() < deadline) {
          cluster.executors().forEach(e -> seen.put(e.pid(), e));
          Thread.sleep(200);
        }
        code = run.await(Duration.ofSeconds(10));
        assertEquals(0, code, run.tail(60));
        assertTrue(run.log().contains("cluster-eggbox: 60 evaluations"), run.tail(60));
      }
      System.out.printf("StandaloneClusterIT: cluster start %.1f s, spark-submit %.1f s%n",
          (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);

      List<Row> rows = TestScans.rows(output);
      assertEquals(60, rows.size(), "40 initial points and a batch of 20");
      Set<Long> ids = rows.stream().map(r -> r.<Long>getAs("id")).collect(Collectors.toSet());
      assertEquals(60, ids.size(), "no point twice");
      assertEquals(Set.copyOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList()), ids);
      assertTrue(rows.stream().allMatch(r -> "OK".equals(r.getAs("status"))), "every eggbox call answers");

      Set<String> executors = rows.stream().map(r -> r.<String>getAs("executor")).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of("0", "1"), executors, "the oracle ran on both executors, never in the driver");

      // each executor id was a JVM of its own, started by a different worker, and none was the driver
      assertEquals(2, seen.size(), "executor JVMs seen while the scan ran: " + seen.values());
      Map<String, StandaloneCluster.Executor> byId = seen.values().stream()
          .collect(Collectors.toMap(StandaloneCluster.Executor::id, e -> e));
      assertEquals(executors, byId.keySet());
      assertNotEquals(byId.get("0").pid(), byId.get("1").pid());
      assertNotEquals(byId.get("0").worker(), byId.get("1").worker());
      for (StandaloneCluster.Executor e : seen.values()) {
        assertNotEquals(driverPid, e.pid());
        assertTrue(Files.isRegularFile(cluster.workerDir(e.worker()).resolve(e.appId()).resolve(e.id()).resolve("stderr")),
            "worker " + e.worker() + " keeps executor " + e.id() + "'s log");
      }
      EventLog log = EventLog.read(events);
      assertEquals(executors, log.executors().keySet());
      assertEquals(seen.values().iterator().next().appId(), log.appId());
    }
  }

  /**
   * A program the driver's machine lacks is only a warning for a cluster (its executors may
   * have it); the executors check before their first call, and the run ends with one line
   * that says what to fix, exit code 2, no stack trace.
   */
  @Test
  void aProgramTheExecutorsLackEndsTheRunWithOneLine() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "it-standalone-missing").toAbsolutePath());
    TestFiles.clean(dir);
    Path missing = dir.resolve("nowhere").resolve("softpoint.x");
    Path spec = Files.writeString(dir.resolve("missing.yaml"), """
        name: missing
        seed: 1
        parameters: {x1: [0, 1]}
        oracle:
          command:
            argv: [%s, '${x1}']
            observables: {y: {key: y, from: stdout}}
        constraints:
          - {observable: y, upper: 0.5}
        strategy: {name: random, batch: 10}
        stop: {max_iterations: 1}
        """.formatted(missing));
    String output = dir.resolve("out").toString();
    try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 1, 1)) {
      List<String> spark = List.of("--master", cluster.masterUrl(), "--name", "hepscan missing program IT",
          "--executor-memory", "512m", "--conf", "spark.ui.enabled=false");
      try (Submission run = Submission.start(dir.resolve("driver.log"), Map.of(), spark,
          List.of("run", spec.toString(), "--output", output, "--no-progress"))) {
        int code = run.await(Duration.ofMinutes(4));
        String log = run.log();
        assertEquals(2, code, run.tail(60));
        assertTrue(log.contains("hepscan: warning: " + spec + ":6: oracle.command.argv[0]: " + missing + ": no such file"), log);
        assertTrue(log.contains("hepscan: an executor cannot run the oracle: command: " + missing + ": no such file on "), log);
        assertTrue(log.contains("then continue with: hepscan run " + spec + " --output " + output + " --resume"), log);
        assertFalse(log.contains("\tat "), "no stack trace without --verbose:\n" + run.tail(60));
      }
    }
  }
}
