package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.hepscan.scan.FailureGuardTripped;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure guard on real scans (local[2], {@code command} stages running small programs):
 * a wrong program stops the scan after its first batch with exit code 3 and the counted
 * messages, everything evaluated is kept and a resume after the fix goes on; a program that
 * fails in part of the space runs to the end; a program that breaks later trips the guard
 * once a whole window failed; a learned strategy never trains on the batch that tripped it.
 * Nothing here depends on timing: which calls fail is decided by the point or by a marker
 * file that the test writes between two batches.
 */
class FailureGuardScanTest {
  @TempDir
  Path dir;

  private Path script(String name, String body) throws IOException {
    return TestFiles.script(dir, name, body);
  }

  private static String spec(String argv, String extraOracle, String strategy, String stop) {
    return """
        name: guarded
        seed: 3
        parameters: {x1: [-1, 1], x2: [-1, 1]}
        oracle:
          command:
            argv: %s
            observables: {O: {key: O, from: stdout}}
          timeout_seconds: 60
        %s
        constraints:
          - {observable: O, upper: 0.5}
        strategy: %s
        stop: %s
        """.formatted(argv, extraOracle.isEmpty() ? "" : "  " + extraOracle, strategy, stop);
  }

  private static Map<String, Long> statuses(List<Row> rows) {
    Map<String, Long> n = new TreeMap<>();
    for (Row r : rows) {
      n.merge(r.getString(r.fieldIndex("status")), 1L, Long::sum);
    }
    return n;
  }

  @Test
  void binFalseStopsAfterTheFirstBatchWithExitCode3AndTheCountedMessage() throws Exception {
    Path spec = dir.resolve("false.yaml");
    Files.writeString(spec, spec("[/bin/false]", "", "{name: random, batch: 20}", "{max_iterations: 5}"));
    String out = dir.resolve("false").toString();
    TestScans.Cli r = TestScans.cli("run", spec.toString(), "--output", out, "--master", "local[2]", "--no-progress");

    assertEquals(3, r.code(), r.err());
    String err = r.err();
    assertTrue(err.contains("hepscan: the oracle command is failing: all 20 oracle calls of iteration 1 failed (20 FAILED;"
        + " oracle.max_failed_fraction: 1, failure_window: 100); the scan stopped after iteration 1."), err);
    assertTrue(err.contains("hepscan: most common messages:\nhepscan:   20 x FAILED: ".replace("\n", System.lineSeparator())), err);
    assertTrue(err.contains("20 x FAILED: command: false exited 1"), "the message names the program: " + err);
    assertTrue(err.contains("check the program") && err.contains("LD_LIBRARY_PATH") && err.contains("oracle.keep_failed: true"), err);
    assertTrue(err.contains("the 20 evaluations so far are saved in " + out
        + "; once the cause is fixed, continue with: hepscan run " + spec + " --output " + out + " --resume"), err);
    assertFalse(r.out().contains("report:"), "a stopped scan is not reported as done: " + r.out());

    // the batch is written and checkpointed, as any other; the scan is not complete
    List<Row> rows = TestScans.rows(out);
    assertEquals(Map.of("FAILED", 20L), statuses(rows));
    Progress p = Json.MAPPER.readValue(dir.resolve("false/progress.json").toFile(), Progress.class);
    assertFalse(p.complete());
    assertEquals(20, p.totals().evaluations());

    // the resume the message names is accepted, also with keep_failed turned on to look at the sandboxes;
    // the program is still broken, so this run's first batch trips the guard again
    Files.writeString(spec, spec("[/bin/false]", "keep_failed: true", "{name: random, batch: 20}", "{max_iterations: 5}"));
    TestScans.Cli again = TestScans.cli("run", spec.toString(), "--output", out, "--master", "local[2]", "--no-progress", "--resume");
    assertEquals(3, again.code(), again.err());
    assertTrue(again.err().contains("all 20 oracle calls of iteration 2 failed"), again.err());
    assertEquals(40, TestScans.rows(out).size());
  }

  @Test
  void aResumeAfterTheFixGoesOnAndKeepsTheFailedRows() throws Exception {
    Path program = script("spectrum", "echo 'error while loading shared libraries: libgfortran.so.5' >&2\nexit 127\n");
    Path spec = dir.resolve("fix.yaml");
    Files.writeString(spec, spec("[" + program + ", '${x1}', '${x2}']", "", "{name: random, batch: 15}", "{max_iterations: 3}"));
    String out = dir.resolve("fix").toString();
    TestScans.Cli r = TestScans.cli("run", spec.toString(), "--output", out, "--master", "local[2]", "--no-progress");
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("15 x FAILED: ") && r.err().contains("libgfortran.so.5"), r.err());

    // the fix: the program works now
    Files.writeString(program, "#!/bin/sh\nawk -v a=\"$1\" -v b=\"$2\" 'BEGIN { printf \"O %.17g\\n\", a*a + b*b }'\n");
    TestScans.Cli resumed = TestScans.cli("run", spec.toString(), "--output", out, "--master", "local[2]", "--no-progress", "--resume");
    assertEquals(0, resumed.code(), resumed.err());
    List<Row> rows = TestScans.rows(out);
    assertEquals(45, rows.size());
    for (Row row : rows) {
      int k = row.getInt(row.fieldIndex("iteration"));
      assertEquals(k == 1 ? "FAILED" : "OK", row.getString(row.fieldIndex("status")), "iteration " + k);
    }
  }

  @Test
  void aProgramThatFailsInPartOfTheSpaceRunsToTheEnd() throws Exception {
    // half of the square fails: every batch holds failures, no window of 100 calls is all failures
    Path program = script("half", """
        if awk -v a="$1" 'BEGIN { exit !(a < 0) }'; then echo "no convergence at x1 = $1" >&2; exit 1; fi
        awk -v a="$1" -v b="$2" 'BEGIN { printf "O %.17g\\n", a*a + b*b }'
        """);
    ScanSpec spec = TestScans.spec(spec("[" + program + ", '${x1}', '${x2}']", "", "{name: random, batch: 20}", "{max_iterations: 6}"));
    String out = dir.resolve("out-half").toString();
    ScanResult result = TestScans.run(spec, out, false);
    assertTrue(result.complete());
    Map<String, Long> n = statuses(TestScans.rows(out));
    assertEquals(120, n.values().stream().mapToLong(Long::longValue).sum());
    assertTrue(n.getOrDefault("FAILED", 0L) > 30 && n.getOrDefault("OK", 0L) > 30, n.toString());
  }

  @Test
  void aWindowOfLateTotalFailuresTripsTheGuardAndKeepsWhatCameBefore() throws Exception {
    Path broken = dir.resolve("broken");
    Path program = script("late", """
        if [ -e %s ]; then echo "license server not reachable" >&2; exit 2; fi
        awk -v a="$1" -v b="$2" 'BEGIN { printf "O %%.17g\\n", a*a + b*b }'
        """.formatted(broken));
    ScanSpec spec = TestScans.spec(spec("[" + program + ", '${x1}', '${x2}']", "failure_window: 30",
        "{name: random, batch: 20}", "{max_iterations: 8}"));
    String out = dir.resolve("out-late").toString();
    // the program breaks before batch 3 goes out: between two batches, so no call sees it change
    ScanReporter breakAt3 = new ScanReporter() {
      @Override
      public void iterationStarted(int iteration, int points, int slices) {
        if (iteration == 3) {
          try {
            Files.writeString(broken, "");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
    FailureGuardTripped e = assertThrows(FailureGuardTripped.class, () -> TestScans.run(spec, out, false, breakAt3));
    // batch 3 alone is 20 calls < 30: its window also holds batch 2's 20 OK calls; batches 3-4 are 40 failed calls
    assertEquals(4, e.iteration());
    assertEquals(3, e.verdict().first());
    assertEquals(40, e.verdict().calls());
    assertEquals(List.of("40 x FAILED: command: late exited 2: license server not reachable"), e.verdict().messages(),
        "(the exact wording of the command stage's message is its own; update here if it changes)");

    List<Row> rows = TestScans.rows(out);
    assertEquals(80, rows.size(), "the batches before the stop and the one that tripped it are all written");
    for (Row row : rows) {
      int k = row.getInt(row.fieldIndex("iteration"));
      assertEquals(k <= 2 ? "OK" : "FAILED", row.getString(row.fieldIndex("status")), "iteration " + k);
    }
  }

  @Test
  void mcmcStopsToo() throws Exception {
    // mcmc learns without models (its chains judge their steps) before it writes a batch's chain
    // columns: the tripping batch is judged so that its rows can be written
    ScanSpec spec = TestScans.spec(spec("[/bin/false]", "", "{name: mcmc, chains: 5, initial: 12}", "{max_iterations: 4}"));
    String out = dir.resolve("mcmc").toString();
    FailureGuardTripped e = assertThrows(FailureGuardTripped.class, () -> TestScans.run(spec, out, false));
    assertEquals(1, e.iteration());
    assertEquals(Map.of("FAILED", 12L), statuses(TestScans.rows(out, spec)));
  }

  @Test
  void aLearnedStrategyNeverTrainsOnTheBatchThatTrippedTheGuard() throws Exception {
    for (int staleness : new int[] {0, 1}) {
      ScanSpec spec = TestScans.spec(spec("[/bin/false]", "",
          "{name: dnnc, initial: 20, batch: 10, candidates: 100, staleness: " + staleness + ", model: {hidden: [4], epochs: 2}}",
          "{max_iterations: 4}"));
      String out = dir.resolve("dnnc" + staleness).toString();
      FailureGuardTripped e = assertThrows(FailureGuardTripped.class, () -> TestScans.run(spec, out, false));
      assertEquals(1, e.iteration());
      ScanOutput o = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
      Checkpoint c = Checkpoint.load(o).orElseThrow();
      assertEquals(1, c.iteration(), "the failed batch is checkpointed");
      assertEquals(0, c.learned(), "staleness " + staleness + ": the guard is checked before the strategy learns the batch");
      assertTrue(c.models() == null || c.models().isEmpty(), "no model was trained: " + c.models());
      assertEquals(20, TestScans.rows(out).size());
    }
  }
}
