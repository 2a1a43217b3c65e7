package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.SpecException;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strategy's own output in real scans: extra Parquet columns (mcmc's chain and accepted, a
 * test strategy's logwt), its own stop reason and its results in progress.json, status and export.
 */
class StrategyOutputTest {
  @TempDir
  Path dir;

  static String logwtSpec(String strategyOptions) {
    return """
        name: weights
        seed: 5
        parameters: {x1: [-2, 2], x2: [-2, 2]}
        oracle: {builtin: shell}
        constraints:
          - {observable: O, gaussian: {mean: 2, sigma: 0.2}, within_sigma: 2}
        strategy: {name: test-logwt, batch: 5%s}
        stop: {max_iterations: 50}
        """.formatted(strategyOptions);
  }

  @Test
  void mcmcRowsNameTheirChainAndWhetherItAccepted() throws Exception {
    String out = dir.resolve("mcmc").toString();
    TestScans.run(TestScans.spec(ResumeTest.spec(5, 0)), out, false);
    List<Row> rows = TestScans.rows(out);
    Row first = rows.get(0);
    assertEquals(DataTypes.LongType, first.schema().apply("chain").dataType());
    assertEquals(DataTypes.BooleanType, first.schema().apply("accepted").dataType());
    List<String> names = List.of(first.schema().fieldNames());
    assertEquals(List.of("message", "chain", "accepted"), names.subList(names.size() - 3, names.size()),
        "the strategy's columns come after the fixed ones");

    long accepted = 0;
    long steps = 0;
    List<List<Long>> chainsByIteration = new ArrayList<>();
    for (int k = 0; k <= 5; k++) {
      chainsByIteration.add(new ArrayList<>());
    }
    for (Row r : rows) {
      int k = r.getInt(r.fieldIndex("iteration"));
      if (k == 1) {
        assertTrue(r.isNullAt(r.fieldIndex("chain")) && r.isNullAt(r.fieldIndex("accepted")), "a uniform start point is no chain step: " + r);
        continue;
      }
      chainsByIteration.get(k).add(r.getLong(r.fieldIndex("chain")));
      steps++;
      accepted += r.getBoolean(r.fieldIndex("accepted")) ? 1 : 0;
    }
    List<Long> everyChain = new ArrayList<>();
    for (long c = 0; c < 20; c++) {
      everyChain.add(c);
    }
    for (int k = 2; k <= 5; k++) {
      assertEquals(everyChain, chainsByIteration.get(k), "iteration " + k + ": one row per chain, in chain order by id");
    }

    ScanOutput output = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    Progress p = Progress.load(output).orElseThrow();
    double rate = p.iterations().get(p.iterations().size() - 1).strategyMetrics().get("acceptance_rate");
    assertEquals(rate, (double) accepted / steps, 1e-12, accepted + " of " + steps + " steps accepted in the Parquet rows");
    assertTrue(accepted > 0 && accepted < steps, "a scan that both accepts and rejects: " + accepted + " of " + steps);
  }

  @Test
  void aStrategyWritesItsColumnStopsWithItsReasonAndReportsResults() throws Exception {
    String out = dir.resolve("weights").toString();
    ScanResult result = TestScans.run(TestScans.spec(logwtSpec(", stop_after: 3")), out, false);
    String reason = LogwtTestStrategy.reason(3);
    assertEquals(reason, result.stopReason());
    assertTrue(result.complete());
    assertEquals(3, result.history().iterations(), "the strategy's stop comes long before max_iterations 50");

    List<Row> rows = TestScans.rows(out);
    assertEquals(15, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int k = r.getInt(r.fieldIndex("iteration"));
      assertEquals(LogwtTestStrategy.logwt(k, i % 5, r.getDouble(r.fieldIndex("loglike"))), r.getDouble(r.fieldIndex("logwt")), 0,
          "row " + i);
    }

    JsonNode progress = Json.MAPPER.readTree(Files.readString(dir.resolve("weights/progress.json")));
    assertTrue(progress.get("complete").booleanValue());
    assertEquals(reason, progress.get("stop_reason").textValue());
    assertEquals(-1.5, progress.get("results").get("log_z").doubleValue(), 0, progress.toString());
    assertEquals(5, progress.get("results").get("detail").get("live_points").intValue(), progress.toString());

    TestScans.Cli status = TestScans.cli("status", out);
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("complete: " + reason), status.out());
    assertTrue(status.out().contains("result       log_z = -1.5\n"), status.out());
    assertTrue(status.out().contains("result       detail = {\"live_points\":5}"), status.out());

    Path csv = dir.resolve("weights.csv");
    TestScans.Cli export = TestScans.cli("export", out, "--format", "csv", "--out", csv.toString(), "--columns", "id,iteration,logwt");
    assertEquals(0, export.code(), export.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("id,iteration,logwt", lines.get(0));
    assertEquals(16, lines.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i).getDouble(rows.get(i).fieldIndex("logwt")), Double.parseDouble(lines.get(i + 1).split(",")[2]), 0,
          "csv row " + i);
    }
    Path parquet = dir.resolve("weights.parquet");
    export = TestScans.cli("export", out, "--format", "parquet", "--out", parquet.toString());
    assertEquals(0, export.code(), export.err());
    List<Row> back = TestScans.spark().read().parquet(parquet.toString()).orderBy("id").collectAsList();
    assertEquals(15, back.size());
    assertEquals(rows.get(7).getDouble(rows.get(7).fieldIndex("logwt")), back.get(7).getDouble(back.get(7).fieldIndex("logwt")), 0);

    TestScans.Cli report = TestScans.cli("report", out);
    assertEquals(0, report.code(), report.err());
    String html = Files.readString(dir.resolve("weights/report/index.html"));
    assertTrue(html.contains("<th>result log_z</th><td>-1.5</td>"), "the report's summary has the results");
    assertTrue(html.contains("<th>column logwt</th><td>double: a test weight"), "the report's summary names the strategy's column");
    assertTrue(html.contains("complete: " + reason), "the report's summary has the strategy's reason");

    // the same scan resumed: the strategy, restored, gives the same reason at once and runs nothing more
    ScanResult again = TestScans.run(TestScans.spec(logwtSpec(", stop_after: 3")), out, true);
    assertEquals(0, again.iterationsRun());
    assertEquals(reason, again.stopReason());
  }

  @Test
  void aColumnNamedLikeAParameterOrAFixedColumnIsASpecError() {
    SpecException parameter = assertThrows(SpecException.class, () -> TestScans.spec(logwtSpec(", column: X1")));
    assertTrue(parameter.getMessage().contains("strategy test-logwt adds a column 'X1'")
        && parameter.getMessage().contains("clashes with the parameter 'x1'")
        && parameter.getMessage().contains("rename the parameter in the spec"), parameter.getMessage());
    SpecException fixed = assertThrows(SpecException.class, () -> TestScans.spec(logwtSpec(", column: loglike")));
    assertTrue(fixed.getMessage().contains("clashes with the fixed column 'loglike'"), fixed.getMessage());
    SpecException observable = assertThrows(SpecException.class, () -> TestScans.spec(logwtSpec(", column: O")));
    assertTrue(observable.getMessage().contains("clashes with the observable 'O'"), observable.getMessage());
  }
}
