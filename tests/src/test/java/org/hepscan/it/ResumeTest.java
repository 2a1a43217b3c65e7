package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.cli.Main;
import org.hepscan.scan.ScanResult;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.OutputLock;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped or killed scan resumes to the same rows an uninterrupted run writes: no point
 * missing, none twice, the same random stream.
 */
class ResumeTest {
  @TempDir
  Path dir;

  /** mcmc (stateful) over a faulty shell: chains, rejections and INVALID/FAILED points all survive the restart. */
  static String spec(int maxIterations, double delaySeconds) {
    return """
        name: resume
        seed: 77
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
          x3: {min: 0.01, max: 2, scale: log}
          s: {sign: true}
          x4: {expr: "s * x3 / 2"}
        oracle:
          builtin: faulty
          options: {base: shell, invalid: 0.1, nan: 0.05, delay_seconds: %s}
        constraints:
          - {observable: O, gaussian: {mean: 2, sigma: 0.2}, within_sigma: 2}
        strategy: {name: mcmc, chains: 20, initial: 40, proposal_width: 0.1}
        stop: {max_iterations: %d}
        """.formatted(delaySeconds, maxIterations);
  }

  private List<String> uninterrupted(int iterations) throws Exception {
    String out = dir.resolve("reference").toString();
    TestScans.run(TestScans.spec(spec(iterations, 0)), out, false);
    return TestScans.comparable(TestScans.rows(out));
  }

  private static void assertIdsOneToN(List<Row> rows) {
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i + 1L, rows.get(i).getLong(rows.get(i).fieldIndex("id")), "id " + (i + 1) + " missing or repeated");
    }
  }

  @Test
  void stoppedAfterIterationThreeResumesToSixAsIfNeverStopped() throws Exception {
    String out = dir.resolve("stopped").toString();
    ScanResult first = TestScans.run(TestScans.spec(spec(3, 0)), out, false);
    assertEquals(3, first.history().iterations());
    assertTrue(first.complete());

    // a killed run may leave a half-written next iteration behind: resume must drop it
    Path junk = dir.resolve("stopped/points/iteration=4");
    Files.createDirectories(junk);
    Files.writeString(junk.resolve("part-00000-junk.parquet"), "not parquet");

    ScanResult resumed = TestScans.run(TestScans.spec(spec(6, 0)), out, true);
    assertEquals(4, resumed.firstIteration());
    assertEquals(6, resumed.history().iterations());

    List<Row> rows = TestScans.rows(out);
    assertIdsOneToN(rows);
    // mcmc's own columns are part of the rows compared: each chain step says its chain and whether it was accepted
    for (Row r : rows) {
      boolean step = r.getInt(r.fieldIndex("iteration")) > 1;
      assertEquals(step, !r.isNullAt(r.fieldIndex("chain")), "chain of " + r);
      assertEquals(step, !r.isNullAt(r.fieldIndex("accepted")), "accepted of " + r);
    }
    TestScans.assertSameRows(uninterrupted(6), TestScans.comparable(rows));
  }

  /**
   * Output of a hepscan before strategies had columns: its mcmc rows lack chain and accepted.
   * It resumes to the same points as an uninterrupted run, the old rows holding null in the
   * new columns, and exports.
   */
  @Test
  void aScanWrittenWithoutStrategyColumnsResumesAndExports() throws Exception {
    String out = dir.resolve("old").toString();
    TestScans.run(TestScans.spec(spec(3, 0)), out, false);
    SparkSession spark = TestScans.spark();
    for (int k = 1; k <= 3; k++) {
      Path iteration = dir.resolve("old/points/iteration=" + k);
      Path without = dir.resolve("without-" + k);
      spark.read().parquet(iteration.toString()).drop("chain", "accepted").write().parquet(without.toString());
      TestFiles.clean(iteration);
      Files.delete(iteration);
      Files.move(without, iteration);
    }
    assertFalse(List.of(spark.read().parquet(dir.resolve("old/points/iteration=2").toString()).columns()).contains("chain"));

    ScanResult resumed = TestScans.run(TestScans.spec(spec(5, 0)), out, true);
    assertEquals(4, resumed.firstIteration());
    List<Row> rows = TestScans.rows(out, TestScans.spec(spec(5, 0)));
    assertIdsOneToN(rows);
    for (Row r : rows) {
      boolean written = r.getInt(r.fieldIndex("iteration")) > 3;
      assertEquals(written, !r.isNullAt(r.fieldIndex("chain")), "chain of " + r);
    }
    List<String> reference = uninterrupted(5);
    List<String> expected = new ArrayList<>();
    for (String row : reference) {
      // iterations 1-3 were written without the columns: there they read as null
      expected.add(row.contains(" iteration=1 ") || row.contains(" iteration=2 ") || row.contains(" iteration=3 ")
          ? row.replaceAll("chain=\\S+ accepted=\\S+ $", "chain=null accepted=null ") : row);
    }
    TestScans.assertSameRows(expected, TestScans.comparable(rows));

    Path csv = dir.resolve("old.csv");
    TestScans.Cli export = TestScans.cli("export", out, "--format", "csv", "--out", csv.toString(), "--columns", "id,iteration,chain,accepted");
    assertEquals(0, export.code(), export.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals(rows.size() + 1, lines.size());
    assertEquals("1,1,,", lines.get(1), "an old row exports empty cells");
    Row last = rows.get(rows.size() - 1);
    assertEquals(last.getLong(0) + ",5," + last.getLong(last.fieldIndex("chain")) + "," + last.getBoolean(last.fieldIndex("accepted")),
        lines.get(lines.size() - 1));
  }

  @Test
  void resumingACompleteScanWithTheSameStopRuleDoesNothing() throws Exception {
    String out = dir.resolve("done").toString();
    TestScans.run(TestScans.spec(spec(2, 0)), out, false);
    List<String> before = TestScans.comparable(TestScans.rows(out));
    ScanResult again = TestScans.run(TestScans.spec(spec(2, 0)), out, true);
    assertEquals(0, again.iterationsRun());
    assertTrue(again.complete());
    TestScans.assertSameRows(before, TestScans.comparable(TestScans.rows(out)));
  }

  /**
   * The driver runs as its own process and is killed with SIGKILL while iteration 4 is
   * being evaluated; `hepscan run --resume` then finishes the scan.
   */
  @Test
  void killedWithSigkillInIterationFourResumesToSix() throws Exception {
    Path specFile = dir.resolve("slow.yaml");
    // 20 chains x 0.15 s on 2 cores: every iteration after the first takes 1.5 s or more
    Files.writeString(specFile, spec(6, 0.15));
    String out = dir.resolve("killed").toString();

    Process driver = startCli("run", specFile.toString(), "--output", out, "--master", "local[2]", "--no-progress");
    List<String> log = new ArrayList<>();
    CountDownLatch thirdDone = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.add(line);
          }
          if (line.contains("iteration 3:")) {
            thirdDone.countDown();
          }
        }
      } catch (Exception e) {
        // the process was killed
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      assertTrue(thirdDone.await(120, TimeUnit.SECONDS), "the driver never finished iteration 3:\n" + String.join("\n", log));
      Thread.sleep(500); // well inside iteration 4, which takes at least 1.5 s
      driver.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
      assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, driver.exitValue(), "killed by SIGKILL");
    } finally {
      driver.destroyForcibly();
    }

    ScanOutput output = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    assertEquals(3, Checkpoint.load(output).orElseThrow().iteration(), "the kill came during iteration 4:\n" + String.join("\n", log));

    TestScans.Cli status = TestScans.cli("status", out);
    assertEquals(0, status.code());
    assertTrue(status.out().contains("stopped after iteration 3"), "the dead driver's lock is not taken for a live one:\n" + status.out());
    assertTrue(status.out().contains("evaluations  80 "), "totals as the checkpoint has them:\n" + status.out());

    TestScans.Cli resumed = TestScans.cli("run", specFile.toString(), "--output", out, "--resume", "--master", "local[2]", "--no-progress");
    assertEquals(0, resumed.code(), resumed.err());

    List<Row> rows = TestScans.rows(out);
    assertIdsOneToN(rows);
    TestScans.assertSameRows(uninterrupted(6), TestScans.comparable(rows));
    assertFalse(Files.exists(dir.resolve("killed/points/iteration=7")));
  }

  @Test
  void aSecondDriverOnTheSameOutputIsRefused() throws Exception {
    Path specFile = dir.resolve("spec.yaml");
    Files.writeString(specFile, spec(2, 0));
    String out = dir.resolve("busy").toString();
    TestScans.run(TestScans.spec(spec(2, 0)), out, false);
    ScanOutput output = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    try (OutputLock held = OutputLock.acquire(output)) {
      TestScans.Cli second = TestScans.cli("run", specFile.toString(), "--output", out, "--resume", "--master", "local[2]");
      assertEquals(2, second.code());
      assertTrue(second.err().contains("is being scanned by another hepscan driver"), second.err());
      TestScans.Cli status = TestScans.cli("status", out);
      assertTrue(status.out().contains("complete"), status.out());
    }
  }

  @Test
  void aResumeWithoutCheckpointsRefusesToDeleteLaterIterations() throws Exception {
    Path specFile = dir.resolve("spec.yaml");
    Files.writeString(specFile, spec(3, 0));
    String out = dir.resolve("nocheckpoint").toString();
    TestScans.run(TestScans.spec(spec(3, 0)), out, false);
    List<String> before = TestScans.comparable(TestScans.rows(out));
    Path saved = dir.resolve("checkpoint-saved");
    Files.move(dir.resolve("nocheckpoint/checkpoint"), saved);

    TestScans.Cli refused = TestScans.cli("run", specFile.toString(), "--output", out, "--resume", "--master", "local[2]");
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("no checkpoint") && refused.err().contains("Restore the checkpoint directory"), refused.err());
    for (int k = 1; k <= 3; k++) {
      assertTrue(Files.isDirectory(dir.resolve("nocheckpoint/points/iteration=" + k)), "iteration " + k + " kept");
    }
    Files.move(saved, dir.resolve("nocheckpoint/checkpoint"));
    TestScans.assertSameRows(before, TestScans.comparable(TestScans.rows(out)));
  }

  /** The hepscan CLI in a JVM of its own, with this JVM's flags and classpath. */
  static Process startCli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-javaagent") && !a.startsWith("-agentlib")) {
        cmd.add(a);
      }
    }
    // the driver's own logging (iteration lines at INFO), not this module's quiet test configuration
    cmd.add("-Dlog4j2.configurationFile=log4j2.properties");
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }
}
