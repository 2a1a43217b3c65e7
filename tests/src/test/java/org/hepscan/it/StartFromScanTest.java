package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.hepscan.cli.Main;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.hepscan.store.StartRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strategy.start_from}: a scan starts from an earlier output's rows or a CSV's, which
 * join as iteration 0 (origin start) without calling the oracle again, judged by this scan's
 * target; a source of another oracle is refused unless forced; a CSV of points only is
 * evaluated first; mcmc's chains start at in-target start rows; a resumed scan repeats an
 * uninterrupted one, start rows included.
 */
class StartFromScanTest {
  @TempDir
  Path dir;

  /** A 2-D shell behind the faulty wrapper (INVALID rows too), a loose window: many in-target rows to start from. */
  private static String prescan(String invalid) {
    return """
        name: prescan
        seed: 3
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
        oracle: {builtin: faulty, options: {base: shell, invalid: %s}}
        constraints:
          - {observable: O, window: [1, 3]}
        strategy: {name: random, batch: 100}
        stop: {max_evaluations: 300}
        """.formatted(invalid);
  }

  /** The same oracle, a tighter target, {@code strategy} with {@code start} as its start_from. */
  private static String scan(String invalid, String strategy, String start, String stop) {
    return """
        name: started
        seed: 9
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
        oracle: {builtin: faulty, options: {base: shell, invalid: %s}}
        constraints:
          - {observable: O, window: [1.8, 2.2]}
        strategy: {%s, start_from: %s}
        stop: {%s}
        """.formatted(invalid, strategy, start, stop);
  }

  private static Map<Long, Row> byId(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("id")), Function.identity()));
  }

  @Test
  void anEarlierOutputsRowsJoinAsIterationZeroJudgedByThisTargetWithoutCallingTheOracle() throws Exception {
    String pre = dir.resolve("pre").toString();
    TestScans.run(TestScans.spec(prescan("0.1")), pre, false);
    List<Row> source = TestScans.rows(pre);
    assertEquals(300, source.size());

    String out = dir.resolve("started").toString();
    ScanSpec spec = TestScans.spec(scan("0.1", "name: random, batch: 50", pre, "max_evaluations: 100"));
    ScanResult r = TestScans.run(spec, out, false);
    // the scan's own calls are counted by max_evaluations; the start rows are no calls
    assertEquals(100, r.history().size());
    assertEquals(300, r.history().start().size());

    List<Row> rows = TestScans.rows(out);
    assertEquals(400, rows.size());
    long inTarget = 0;
    for (int i = 0; i < 300; i++) {
      Row s = source.get(i);
      Row t = rows.get(i);
      assertEquals(i + 1L, t.getLong(t.fieldIndex("id")));
      assertEquals(0, t.getInt(t.fieldIndex("iteration")));
      assertEquals("start", t.getString(t.fieldIndex("origin")));
      for (String c : List.of("x1", "x2", "status", "message", "seconds", "executor")) {
        // seconds and executor too: the row is the source's answer, not a new call
        assertEquals(s.get(s.fieldIndex(c)), t.get(t.fieldIndex(c)), "row " + (i + 1) + ", column " + c);
      }
      if (!s.isNullAt(s.fieldIndex("O"))) {
        double o = s.getDouble(s.fieldIndex("O"));
        assertEquals(o, t.getDouble(t.fieldIndex("O")));
        boolean tight = "OK".equals(s.getString(s.fieldIndex("status"))) && o >= 1.8 && o <= 2.2;
        assertEquals(tight, t.getBoolean(t.fieldIndex("in_target")), "judged by this scan's window, row " + (i + 1));
        inTarget += tight ? 1 : 0;
      }
    }
    assertTrue(inTarget > 0 && inTarget < 300);
    assertEquals(inTarget, r.history().startInTarget());
    for (int i = 300; i < 400; i++) {
      assertEquals(i + 1L, rows.get(i).getLong(rows.get(i).fieldIndex("id")), "the scan's own ids follow the start rows'");
      assertTrue(rows.get(i).getInt(rows.get(i).fieldIndex("iteration")) >= 1);
    }

    ScanOutput o = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    StartRows.Provenance p = Progress.load(o).orElseThrow().start();
    assertNotNull(p, "progress.json names where the start rows came from");
    assertTrue(p.source().endsWith("/pre"), p.source());
    assertEquals("output", p.kind());
    assertEquals(sha256(Files.readAllBytes(Path.of(pre, "spec.yaml"))), p.sha256());
    assertEquals(300, p.rows());
    assertEquals(inTarget, p.inTarget());
    assertFalse(p.evaluated());
  }

  @Test
  void inTargetRowsUpToALimitAndAResumeRepeatsTheUninterruptedScan() throws Exception {
    String pre = dir.resolve("pre").toString();
    TestScans.run(TestScans.spec(prescan("0.1")), pre, false);
    String start = "{path: " + pre + ", rows: in_target, limit: 12}";
    String strategy = "name: mcmc, chains: 6, initial: 6, proposal_width: 0.05";

    String whole = dir.resolve("whole").toString();
    TestScans.run(TestScans.spec(scan("0.1", strategy, start, "max_iterations: 4")), whole, false);
    List<Row> rows = TestScans.rows(whole);
    List<Row> startRows = rows.stream().filter(r -> r.getInt(r.fieldIndex("iteration")) == 0).toList();
    assertEquals(12, startRows.size());
    assertTrue(startRows.stream().allMatch(r -> r.getBoolean(r.fieldIndex("in_target"))), "rows: in_target, by this scan's target");
    // 12 in-target start rows for 6 chains: the chains start there, no uniform batch; every row of iteration 1 is a chain step
    List<Row> first = rows.stream().filter(r -> r.getInt(r.fieldIndex("iteration")) == 1).toList();
    assertEquals(6, first.size());
    assertTrue(first.stream().noneMatch(r -> r.isNullAt(r.fieldIndex("chain"))), "iteration 1 already moves the chains");
    assertTrue(first.stream().allMatch(r -> "mcmc".equals(r.getString(r.fieldIndex("origin")))));

    String stopped = dir.resolve("stopped").toString();
    TestScans.run(TestScans.spec(scan("0.1", strategy, start, "max_iterations: 2")), stopped, false);
    TestScans.run(TestScans.spec(scan("0.1", strategy, start, "max_iterations: 4")), stopped, true);
    TestScans.assertSameRows(TestScans.comparable(rows), TestScans.comparable(TestScans.rows(stopped)));
  }

  @Test
  void aSourceOfAnotherOracleIsRefusedNamingTheDifferenceAndTakenWhenForced() throws Exception {
    String pre = dir.resolve("pre").toString();
    TestScans.run(TestScans.spec(prescan("0.1")), pre, false);
    Path specFile = dir.resolve("other.yaml");
    Files.writeString(specFile, scan("0.2", "name: random, batch: 20", pre, "max_evaluations: 20"));
    String out = dir.resolve("other").toString();

    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", specFile.toString(), "--output", out,
        "--master", "local[2]");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("different oracle") && err.toString().contains("oracle.options"), err.toString());
    assertTrue(err.toString().contains("--force-start-from"), err.toString());
    assertFalse(Files.exists(Path.of(out, "points")), "refused before anything was written");

    err = new StringWriter();
    code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", specFile.toString(), "--output", out,
        "--master", "local[2]", "--force-start-from", "--no-progress");
    assertEquals(0, code, err.toString());
    StartRows.Provenance p = Progress.load(ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration()))
        .orElseThrow().start();
    assertEquals(300, p.rows());
    assertEquals(1, p.oracleDifferences().size(), p.oracleDifferences().toString());
    assertTrue(p.oracleDifferences().get(0).startsWith("oracle.options"), p.oracleDifferences().toString());
  }

  @Test
  void aCsvOfEvaluatedRowsJoinsAndOneOfPointsIsEvaluatedFirst() throws Exception {
    Path evaluated = dir.resolve("evaluated.csv");
    Files.writeString(evaluated, """
        x2,x1,O,status,message
        1.0,1.0,2.0,OK,
        0.1,0.1,0.02,OK,
        0.5,0.5,,FAILED,segfault
        3.0,0.0,9.0,OK,outside x2's range
        0.0,1.4,1.96,ok,
        """);
    String out = dir.resolve("from-csv").toString();
    ScanResult r = TestScans.run(TestScans.spec(scan("0", "name: random, batch: 10", evaluated.toString(), "max_evaluations: 10")),
        out, false);
    List<Row> start = TestScans.rows(out).stream().filter(x -> x.getInt(x.fieldIndex("iteration")) == 0).toList();
    assertEquals(4, start.size(), "the row outside the range is left out");
    assertEquals(List.of(true, false, false, true), start.stream().map(x -> x.getBoolean(x.fieldIndex("in_target"))).toList());
    assertEquals("segfault", start.get(2).getString(start.get(2).fieldIndex("message")));
    assertEquals("FAILED", start.get(2).getString(start.get(2).fieldIndex("status")));
    assertEquals(2, r.history().startInTarget());
    StartRows.Provenance p = Progress.load(ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration()))
        .orElseThrow().start();
    assertEquals("evaluated_csv", p.kind());
    assertEquals(1, p.outside());
    assertEquals(sha256(Files.readAllBytes(evaluated)), p.sha256());

    Path points = dir.resolve("points.csv");
    Files.writeString(points, "x1,x2\n1.0,1.0\n0.0,1.41\n0.2,0.2\n");
    String out2 = dir.resolve("from-points").toString();
    TestScans.run(TestScans.spec(scan("0", "name: random, batch: 10", points.toString(), "max_evaluations: 10")), out2, false);
    List<Row> evaluatedHere = TestScans.rows(out2).stream().filter(x -> x.getInt(x.fieldIndex("iteration")) == 0).toList();
    assertEquals(3, evaluatedHere.size());
    for (Row x : evaluatedHere) {
      assertEquals("start", x.getString(x.fieldIndex("origin")));
      double o = x.getDouble(x.fieldIndex("O"));
      assertEquals(x.getDouble(x.fieldIndex("x1")) * x.getDouble(x.fieldIndex("x1"))
          + x.getDouble(x.fieldIndex("x2")) * x.getDouble(x.fieldIndex("x2")), o, 1e-12, "the oracle's answer");
      assertFalse(x.isNullAt(x.fieldIndex("seconds")) || Double.isNaN(x.getDouble(x.fieldIndex("seconds"))), "a call was made");
    }
    assertTrue(Progress.load(ScanOutput.at(out2, TestScans.spark().sparkContext().hadoopConfiguration())).orElseThrow().start()
        .evaluated());

    Path lacking = dir.resolve("lacking.csv");
    Files.writeString(lacking, "x1,x2,status\n1,1,OK\n");
    StartRows.Refused e = assertThrows(StartRows.Refused.class, () -> TestScans.run(
        TestScans.spec(scan("0", "name: random, batch: 10", lacking.toString(), "max_evaluations: 10")),
        dir.resolve("never").toString(), false));
    assertTrue(e.getMessage().contains("lacks column O"), e.getMessage());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static String text(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
