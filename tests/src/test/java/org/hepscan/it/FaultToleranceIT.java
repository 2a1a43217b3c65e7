package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.hepscan.it.cluster.EventLog;
import org.hepscan.it.cluster.StandaloneCluster;
import org.hepscan.it.cluster.Submission;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures on a real standalone cluster on loopback, started once for all cases: a master
 * and two one-core workers on 127.0.0.1 and 127.0.0.2, which Spark takes for two hosts, as
 * on a real cluster. Scans go through spark-submit of the application jar; the driver runs
 * in the submitting JVM (client mode), the oracle calls in the executor JVMs.
 *
 * <ul>
 *   <li>a node on which every call is slow: its tasks get speculative copies on the other
 *       node, the copies' answers are kept, and each point is there once;</li>
 *   <li>an executor JVM killed with SIGKILL in the middle of a batch: its running task is
 *       run again, no point is lost or doubled, and its sandboxes are removed while the scan
 *       still runs;</li>
 *   <li>the driver killed with SIGKILL at a random moment in each of 5 runs and resumed on a
 *       cluster of another size: each ends with exactly the rows of an uninterrupted run.</li>
 * </ul>
 */
class FaultToleranceIT {
  private static final Path DIR = Path.of("target", "it-faults").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Files.createDirectories(DIR);
    TestFiles.clean(DIR);
    long t0 = System.nanoTime();
    cluster = StandaloneCluster.start(DIR.resolve("cluster"), 2, 1, List.of("127.0.0.1", "127.0.0.2"));
    System.out.printf(Locale.ROOT, "FaultToleranceIT: cluster start %.1f s%n", seconds(t0));
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
      // each executor fetched its own copy of the 120 MB application jar: 2 to 3 GB after the 12 submissions
      try (Stream<Path> files = Files.walk(cluster.dir())) {
        for (Path jar : files.filter(p -> p.getFileName().toString().equals("hepscan-app.jar")).toList()) {
          Files.delete(jar);
        }
      }
    }
  }

  /** A stand-in for a physics code: writes a file into its sandbox (its working directory), then prints O = x1 + 2 x2. */
  private static Path code(Path dir, String name, String preamble) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + preamble + """
        echo "x1=$1 x2=$2" > input.card
        sleep 0.1
        awk -v a="$1" -v b="$2" 'BEGIN { printf "O %.17g\\n", a + 2 * b }'
        """);
    assertTrue(p.toFile().setExecutable(true));
    return p;
  }

  private static String commandSpec(String name, Path code, int initial, int iterations) {
    return """
        name: %s
        seed: 3
        parameters:
          x1: [0, 1]
          x2: [0, 1]
        oracle:
          command:
            argv: [%s, '${x1}', '${x2}']
            observables: {O: {from: stdout, key: O}}
          timeout_seconds: 120
        constraints:
          - {observable: O, upper: 1}
        strategy: {name: random, initial: %d, batch: %d}
        stop: {max_iterations: %d}
        """.formatted(name, code, initial, initial, iterations);
  }

  private static List<String> sparkArgs(Path events, Path executorTmp, String... more) {
    List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--executor-memory", "512m",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.extraJavaOptions=-Djava.io.tmpdir=" + executorTmp));
    if (events != null) {
      args.addAll(List.of("--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri()));
    }
    args.addAll(List.of(more));
    return args;
  }

  /** Every row's O is what the code computes from the row's own parameters, every id 1..n is there once, all OK. */
  private static void assertEveryPointOnceAndRight(List<Row> rows, int n) {
    assertEquals(n, rows.size(), "rows");
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      assertEquals(i + 1L, r.<Long>getAs("id"), "id " + (i + 1) + " missing or repeated");
      assertEquals("OK", r.getAs("status"), "row " + (i + 1) + ": " + r.getAs("message"));
      double x1 = r.getAs("x1");
      double x2 = r.getAs("x2");
      assertEquals(x1 + 2 * x2, r.<Double>getAs("O"), 0.0, "row " + (i + 1) + " holds the answer for its own point");
    }
  }

  private static List<Path> sandboxRoots(Path executorTmp) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(executorTmp)) {
      return out;
    }
    try (Stream<Path> bases = Files.list(executorTmp)) {
      for (Path base : bases.filter(p -> p.getFileName().toString().startsWith("hepscan-sandboxes-")).toList()) {
        try (Stream<Path> roots = Files.list(base)) {
          roots.filter(p -> p.getFileName().toString().startsWith("jvm-")).forEach(out::add);
        }
      }
    }
    return out;
  }

  private static long ownerPid(Path root) {
    return Long.parseLong(root.getFileName().toString().split("-")[1]);
  }

  private static boolean hasCallInFlight(Path root) {
    try (Stream<Path> s = Files.list(root)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("point-"));
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void tasksOnASlowNodeAreRunAgainElsewhereAndTheFirstAnswerWins() throws Exception {
    Path dir = Files.createDirectories(DIR.resolve("straggler"));
    // every call on the executor of the second node takes 60 s more, as on an overloaded machine
    Path code = code(dir, "slow-node", """
        if tr '\\0' ' ' < /proc/$PPID/cmdline | grep -q -- '--hostname 127.0.0.2'; then sleep 60; fi
        """);
    Path spec = Files.writeString(dir.resolve("straggler.yaml"), commandSpec("straggler", code, 20, 1));
    Path events = Files.createDirectories(dir.resolve("events"));
    String out = dir.resolve("out").toString();

    long t0 = System.nanoTime();
    try (Submission run = Submission.start(dir.resolve("driver.log"), Map.of(),
        sparkArgs(events, Files.createDirectories(dir.resolve("executor-tmp")),
            // both nodes take tasks from the start: the driver waits for both cores (the ratio needs cores.max)
            "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "--conf", "spark.speculation.minTaskRuntime=1s"), // hepscan's 10 s floor would only make the test longer
        List.of("run", spec.toString(), "--output", out, "--no-progress"))) {
      assertEquals(0, run.await(Duration.ofMinutes(3)), run.tail(60));
    }
    double submit = seconds(t0);

    List<Row> rows = TestScans.rows(out);
    assertEveryPointOnceAndRight(rows, 20);
    double wall = JSON.readTree(dir.resolve("out/progress.json").toFile()).path("totals").path("wall_seconds").asDouble();

    EventLog log = EventLog.read(events);
    String slow = null;
    for (JsonNode added : log.all("SparkListenerExecutorAdded")) {
      if ("127.0.0.2".equals(added.path("Executor Info").path("Host").asText())) {
        slow = added.path("Executor ID").asText();
      }
    }
    assertNotNull(slow, "an executor ran on the second node");
    String slowExecutor = slow;
    assertTrue(rows.stream().noneMatch(r -> slowExecutor.equals(r.getAs("executor"))),
        "no answer came from the slow node: its calls never finished");

    List<JsonNode> copies = log.all("SparkListenerTaskStart").stream()
        .filter(e -> e.path("Task Info").path("Speculative").asBoolean()).toList();
    List<JsonNode> killed = log.all("SparkListenerTaskEnd").stream()
        .filter(e -> "TaskKilled".equals(e.path("Task End Reason").path("Reason").asText())).toList();
    assertFalse(copies.isEmpty(), "speculative copies were started");
    assertFalse(killed.isEmpty(), "the straggling attempts were killed");
    for (JsonNode c : copies) {
      assertEquals("127.0.0.1", c.path("Task Info").path("Host").asText(), "copies run on the other node");
    }
    Set<Integer> wonByCopies = log.all("SparkListenerTaskEnd").stream()
        .filter(e -> "Success".equals(e.path("Task End Reason").path("Reason").asText()) && e.path("Task Info").path("Speculative").asBoolean())
        .map(e -> e.path("Task Info").path("Index").asInt()).collect(Collectors.toCollection(TreeSet::new));
    for (JsonNode k : killed) {
      // when the copy that wins is the stage's last task, Spark ends the stage and says so instead
      assertTrue(Set.of("another attempt succeeded", "Stage finished").contains(k.path("Task End Reason").path("Kill Reason").asText()),
          k.toString());
      assertEquals(slow, k.path("Task Info").path("Executor ID").asText(), "the killed attempts are the slow node's");
      long ran = k.path("Task Info").path("Finish Time").asLong() - k.path("Task Info").path("Launch Time").asLong();
      assertTrue(ran < 60_000, "the straggler was given up before even its first call (60 s) could answer: it ran " + ran + " ms");
      assertTrue(wonByCopies.contains(k.path("Task Info").path("Index").asInt()), "task " + k.path("Task Info").path("Index") + " was answered by its copy");
    }
    System.out.printf(Locale.ROOT, "FaultToleranceIT straggler: spark-submit %.1f s, scan %.1f s, %d copies, %d attempts killed%n",
        submit, wall, copies.size(), killed.size());
  }

  @Test
  void anExecutorKilledMidBatchLosesNoPointAndItsSandboxesGo() throws Exception {
    Path dir = Files.createDirectories(DIR.resolve("executor-kill"));
    Path code = code(dir, "steady-code", "");
    Path spec = Files.writeString(dir.resolve("executor-kill.yaml"), commandSpec("executor-kill", code, 40, 2));
    Path events = Files.createDirectories(dir.resolve("events"));
    Path executorTmp = Files.createDirectories(dir.resolve("executor-tmp"));
    String out = dir.resolve("out").toString();

    long t0 = System.nanoTime();
    Path victimRoot = null;
    StandaloneCluster.Executor victim = null;
    boolean goneWhileRunning = false;
    try (Submission run = Submission.start(dir.resolve("driver.log"), Map.of(),
        sparkArgs(events, executorTmp, "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0"),
        List.of("run", spec.toString(), "--output", out, "--no-progress"))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      // the first executor seen in the middle of a call, in the middle of the first batch
      while (victim == null && run.isAlive() && System.nanoTime() < deadline) {
        for (Path root : sandboxRoots(executorTmp)) {
          if (hasCallInFlight(root)) {
            long pid = ownerPid(root);
            Optional<StandaloneCluster.Executor> e = cluster.executors().stream().filter(x -> x.pid() == pid).findFirst();
            if (e.isPresent()) {
              victim = e.get();
              victimRoot = root;
              break;
            }
          }
        }
        Thread.sleep(50);
      }
      assertNotNull(victim, "no executor was seen in a call:\n" + run.tail(40));
      StandaloneCluster.sigkill(victim.pid());
      // no check that the root is still there: its lock dies with the JVM, so the other
      // executor's next task may sweep it at once (CI saw that race)
      while (run.isAlive() && System.nanoTime() < deadline) {
        if (!Files.exists(victimRoot)) {
          goneWhileRunning = true;
          break;
        }
        Thread.sleep(50);
      }
      assertEquals(0, run.await(Duration.ofMinutes(3)), run.tail(60));
    }
    double submit = seconds(t0);
    assertTrue(goneWhileRunning, "the killed executor's sandboxes were removed while the scan ran: " + victimRoot);

    List<Row> rows = TestScans.rows(out);
    assertEveryPointOnceAndRight(rows, 80);

    String victimId = victim.id();
    List<JsonNode> lost = EventLog.read(events).all("SparkListenerTaskEnd").stream()
        .filter(e -> "ExecutorLostFailure".equals(e.path("Task End Reason").path("Reason").asText())).toList();
    assertFalse(lost.isEmpty(), "the kill hit a running task, which Spark ran again");
    assertTrue(lost.stream().allMatch(e -> victimId.equals(e.path("Task End Reason").path("Executor ID").asText())));

    // the other executors end normally with the application and take their own sandboxes with them
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!sandboxRoots(executorTmp).isEmpty() && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), sandboxRoots(executorTmp), "no sandbox directory is left on the machine");
    System.out.printf(Locale.ROOT, "FaultToleranceIT executor kill: spark-submit %.1f s, executor %s (pid %d) killed, %d task(s) run again%n",
        submit, victimId, victim.pid(), lost.size());
  }

  /**
   * Five runs of the same scan, each killed with SIGKILL at a moment drawn from a seeded
   * random stream: run 1 within 5 s of its submission (while Spark starts or the first
   * points are evaluated), run 2 within 2.5 s of its output being created (iteration 1,
   * before any checkpoint), runs 3 to 5 within 1.2 s of checkpoint 1, 2 and 3. A run cannot
   * end before its moment: the oracle alone sleeps 0.05 s a call, 1.5 s or more for the
   * three iterations after checkpoint 3, 3.5 s for the whole scan. Each is
   * resumed with {@code run --resume} on a cluster of the other size (one executor instead
   * of two, or two instead of one) and must end with the rows of an uninterrupted run.
   */
  @Test
  void aDriverKilledAtRandomMomentsResumesToTheRowsOfAnUninterruptedRun() throws Exception {
    Path dir = Files.createDirectories(DIR.resolve("driver-kill"));
    int iterations = 6;
    int rowsPerScan = 40 + (iterations - 1) * 20;
    Path spec = Files.writeString(dir.resolve("resume.yaml"), ResumeTest.spec(iterations, 0.05));

    long r0 = System.nanoTime();
    String referenceOut = dir.resolve("uninterrupted").toString();
    TestScans.run(TestScans.spec(ResumeTest.spec(iterations, 0)), referenceOut, false);
    List<String> reference = TestScans.comparable(TestScans.rows(referenceOut));
    assertEquals(rowsPerScan, reference.size());
    System.out.printf(Locale.ROOT, "FaultToleranceIT driver kill: uninterrupted reference (local[2]) %.1f s%n", seconds(r0));

    Random moments = new Random(20251123L);
    for (int r = 0; r < 5; r++) {
      Path runDir = Files.createDirectories(dir.resolve("run-" + (r + 1)));
      String out = runDir.resolve("out").toString();
      int coresFirst = r % 2 == 0 ? 2 : 1;
      int coresResumed = 3 - coresFirst;
      double delay = (r == 0 ? 5 : r == 1 ? 2.5 : 1.2) * moments.nextDouble();
      String anchor = r == 0 ? "submission" : r == 1 ? "output created" : "checkpoint " + (r - 1);
      Path anchorFile = r == 0 ? null : r == 1 ? runDir.resolve("out/spec.yaml")
          : runDir.resolve(String.format(Locale.ROOT, "out/checkpoint/state-%06d.json", r - 1));

      long t0 = System.nanoTime();
      try (Submission run = Submission.start(runDir.resolve("driver.log"), Map.of(),
          sparkArgs(null, Files.createDirectories(runDir.resolve("executor-tmp")), "--conf", "spark.cores.max=" + coresFirst),
          List.of("run", spec.toString(), "--output", out, "--no-progress"))) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (anchorFile != null && !Files.exists(anchorFile) && run.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Thread.sleep((long) (delay * 1000));
        assertTrue(run.isAlive(), "run " + (r + 1) + " ended before its kill moment (" + anchor + " + " + delay + " s):\n" + run.tail(40));
        StandaloneCluster.sigkill(run.pid());
        assertEquals(137, run.await(Duration.ofSeconds(30)), "killed by SIGKILL");
      }
      double killedAfter = seconds(t0);
      String landed = whereItStopped(out);

      long t1 = System.nanoTime();
      try (Submission resumed = Submission.start(runDir.resolve("resume.log"), Map.of(),
          sparkArgs(null, Files.createDirectories(runDir.resolve("executor-tmp")), "--conf", "spark.cores.max=" + coresResumed),
          List.of("run", spec.toString(), "--output", out, "--resume", "--no-progress"))) {
        assertEquals(0, resumed.await(Duration.ofMinutes(3)), resumed.tail(60));
      }
      double resumedIn = seconds(t1);

      List<Row> rows = TestScans.rows(out);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(i + 1L, rows.get(i).<Long>getAs("id"), "run " + (r + 1) + ": id " + (i + 1) + " missing or repeated");
      }
      TestScans.assertSameRows(reference, TestScans.comparable(rows));
      System.out.printf(Locale.ROOT, "FaultToleranceIT driver kill, run %d: %d core(s), killed at %s + %.2f s (%.1f s after submission; %s);"
          + " resumed on %d core(s) in %.1f s: %d rows as uninterrupted%n",
          r + 1, coresFirst, anchor, delay, killedAfter, landed, coresResumed, resumedIn, rows.size());
    }
  }

  /** What a killed run left: its last checkpoint and the iteration directories on disk. */
  private static String whereItStopped(String out) throws IOException {
    ScanOutput output = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    if (!Files.exists(Path.of(out))) {
      return "no output yet";
    }
    Optional<Checkpoint> c = Checkpoint.load(output);
    return (c.isPresent() ? "checkpoint " + c.get().iteration() : "no checkpoint") + ", iterations on disk " + output.iterationsOnDisk();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
