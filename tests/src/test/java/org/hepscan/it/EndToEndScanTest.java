package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.hepscan.oracle.Evaluation;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.hepscan.strategy.api.Column;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole scans on local[2]: random and mcmc, on the eggbox and on the 7-D shell. */
class EndToEndScanTest {
  @TempDir
  Path dir;

  static String spec(String model, String strategy) {
    String parameters;
    String oracle;
    String constraint;
    if (model.equals("eggbox")) {
      parameters = "  x1: {min: 0, max: 31.41592653589793}\n  x2: {min: 0, max: 31.41592653589793}\n";
      oracle = "eggbox";
      constraint = "{observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}";
    } else {
      StringBuilder p = new StringBuilder();
      for (int i = 1; i <= 7; i++) {
        p.append("  x").append(i).append(": [-2, 2]\n");
      }
      parameters = p.toString();
      oracle = "shell";
      constraint = "{observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}";
    }
    String strategyYaml = strategy.equals("random")
        ? "{name: random, batch: 150}"
        : "{name: mcmc, chains: 30, initial: 150, proposal_width: 0.05}";
    return "name: " + model + "-" + strategy + "\nseed: 2024\nparameters:\n" + parameters
        + "oracle: {builtin: " + oracle + "}\nconstraints:\n  - " + constraint + "\n"
        + "strategy: " + strategyYaml + "\nstop: {max_iterations: 6}\n";
  }

  @org.junit.jupiter.api.Test
  void aDerivedParameterWithoutAValueIsAFailedRowNamingIt() throws Exception {
    ScanSpec spec = TestScans.spec("""
        name: derived
        seed: 3
        parameters:
          x1: [-2, 2]
          inv: {expr: "1 / floor(x1 + 2)"}
        oracle: {builtin: shell}
        strategy: {name: random, batch: 100}
        stop: {max_iterations: 1}
        """);
    String out = dir.resolve("derived").toString();
    TestScans.run(spec, out, false);
    int failed = 0;
    for (Row r : TestScans.rows(out)) {
      double x1 = r.getDouble(r.fieldIndex("x1"));
      if (Math.floor(x1 + 2) == 0) {
        failed++;
        assertEquals("FAILED", r.getString(r.fieldIndex("status")));
        assertTrue(r.getString(r.fieldIndex("message")).startsWith("parameter inv has no value here"), r.getString(r.fieldIndex("message")));
      } else {
        assertEquals("OK", r.getString(r.fieldIndex("status")));
      }
    }
    assertTrue(failed > 10, "a quarter of the points divide by zero: " + failed);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"eggbox, random", "eggbox, mcmc", "shell7d, random", "shell7d, mcmc"})
  void scanWritesTheLayoutAndItsRowsAreTheEvaluationsMade(String model, String strategy) throws Exception {
    ScanSpec spec = TestScans.spec(spec(model, strategy));
    String out = dir.resolve("a").toString();
    ScanResult result = TestScans.run(spec, out, false);

    // the output layout of DESIGN.md
    Path root = dir.resolve("a");
    assertTrue(Files.isRegularFile(root.resolve("spec.yaml")));
    assertEquals(spec.document().text(), Files.readString(root.resolve("spec.yaml")));
    assertTrue(Files.isRegularFile(root.resolve("progress.json")));
    assertTrue(Files.isRegularFile(root.resolve("checkpoint/state-000006.json")));
    for (int k = 1; k <= 6; k++) {
      Path it = root.resolve("points/iteration=" + k);
      try (var files = Files.list(it)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")), "parquet in " + it);
      }
    }

    // what Spark reads back is exactly what the scan evaluated, none lost, none twice
    List<Row> rows = TestScans.rows(out);
    List<Evaluation> made = result.history().all();
    int expected = strategy.equals("random") ? 6 * 150 : 150 + 5 * 30;
    assertEquals(expected, made.size());
    assertEquals(made.size(), rows.size());
    List<String> madeText = new ArrayList<>();
    for (Evaluation e : made) {
      madeText.add(TestScans.comparable(e, spec, strategy));
    }
    // an Evaluation holds no strategy columns (mcmc's chain and accepted): those are compared between the two runs below
    TestScans.assertSameRows(madeText, TestScans.comparable(rows, spec.newStrategy().columns().stream().map(Column::name).toList()));
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i + 1L, rows.get(i).getLong(rows.get(i).fieldIndex("id")), "ids 1..n without gaps");
      assertEquals(made.get(i).seconds(), rows.get(i).getDouble(rows.get(i).fieldIndex("seconds")));
      assertEquals(made.get(i).executor(), rows.get(i).getString(rows.get(i).fieldIndex("executor")));
    }
    long inTarget = rows.stream().filter(r -> r.getBoolean(r.fieldIndex("in_target"))).count();
    assertTrue(inTarget > 0, "found in-target points");

    Progress p = Json.MAPPER.readValue(root.resolve("progress.json").toFile(), Progress.class);
    assertTrue(p.complete());
    assertEquals(made.size(), p.totals().evaluations());
    assertEquals(inTarget, p.totals().inTarget());
    assertEquals(6, p.iterations().size());
    assertEquals(made.size(), p.iterations().get(5).cumulativeEvaluations());
    if (strategy.equals("mcmc")) {
      double acceptance = p.iterations().get(5).strategyMetrics().get("acceptance_rate");
      assertTrue(acceptance > 0 && acceptance < 1, "acceptance " + acceptance);
      assertTrue(rows.stream().skip(150).allMatch(r -> r.getString(r.fieldIndex("origin")).equals("mcmc")));
    }

    // same spec and seed: the same points, statuses and observables
    TestScans.run(spec, dir.resolve("b").toString(), false);
    TestScans.assertSameRows(TestScans.comparable(rows), TestScans.comparable(TestScans.rows(dir.resolve("b").toString())));
  }
}
