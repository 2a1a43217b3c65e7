package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.builtin.GaussianShells;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.strategy.NestedStrategy;
import org.hepscan.strategy.nested.InProcessRun;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nested sampling as a real scan on local Spark: the two Gaussian shells in 2-D (log Z =
 * -1.746) end by the sampler's own rule with the evidence in progress.json, every row past
 * the prior draw says which log-likelihood it had to beat, a stopped scan resumes to the
 * rows and log Z of an uninterrupted one, and the posterior exports for getdist.
 */
class NestedScanTest {
  @TempDir
  Path dir;

  static String shells(String stop) {
    return "name: shells-nested\nseed: 5\nparameters:\n  x1: [-6, 6]\n  x2: [-6, 6]\n"
        + "oracle: {builtin: gaussian-shells}\n"
        + "constraints:\n  - {observable: logL, loglike: {}}\n"
        + "strategy: {name: nested, live: 100, batch: 20, dlogz: 0.5}\n"
        + "stop: {" + stop + "}\n";
  }

  @Test
  void theShellsEvidenceAResumeAndAGetdistExport() throws Exception {
    String straight = dir.resolve("straight").toString();
    ScanResult r = TestScans.run(TestScans.spec(shells("max_evaluations: 100000")), straight, false);
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(straight, "progress.json")), Progress.class);
    assertTrue(p.stopReason().startsWith("the remaining evidence is below dlogz"), p.stopReason());
    double logZ = ((Number) p.results().get("log_z")).doubleValue();
    double error = ((Number) p.results().get("log_z_error")).doubleValue();
    assertEquals(-1.746, logZ, Math.max(0.25, 3 * error), "log Z " + logZ + " ± " + error);

    List<Row> rows = TestScans.rows(straight);
    assertEquals(r.history().size(), rows.size());
    for (Row row : rows) {
      int iteration = ((Number) row.get(row.fieldIndex("iteration"))).intValue();
      Object star = row.get(row.fieldIndex("loglstar"));
      if (iteration == 1) {
        assertNull(star, "the first draw is from the prior: nothing to beat");
      } else {
        assertTrue(star instanceof Double, "row of iteration " + iteration + " has loglstar " + star);
      }
    }

    String stopped = dir.resolve("stopped").toString();
    TestScans.run(TestScans.spec(shells("max_iterations: 8")), stopped, false);
    ScanResult resumed = TestScans.run(TestScans.spec(shells("max_evaluations: 100000")), stopped, true);
    assertEquals(9, resumed.firstIteration());
    TestScans.assertSameRows(TestScans.comparable(rows), TestScans.comparable(TestScans.rows(stopped)));
    Progress q = Json.MAPPER.readValue(Files.readString(Path.of(stopped, "progress.json")), Progress.class);
    assertEquals(logZ, ((Number) q.results().get("log_z")).doubleValue(), 0, "the same log Z after the resume");

    Path root = dir.resolve("getdist/shells");
    TestScans.Cli c = TestScans.cli("export", straight, "--format", "getdist", "--out", root.toString());
    assertEquals(0, c.code(), c.err());
    List<String> lines = Files.readAllLines(Path.of(root + ".txt"));
    double sum = 0;
    double radius = 0;
    for (String line : lines) {
      String[] f = line.trim().split(" ");
      double w = Double.parseDouble(f[0]);
      double x1 = Double.parseDouble(f[2]);
      double x2 = Double.parseDouble(f[3]);
      sum += w;
      radius += w * Math.hypot(Math.abs(x1) - 3.5, x2);
    }
    assertEquals(1, sum, 1e-9, "the weights are a posterior");
    assertEquals(2, radius, 0.05, "the posterior lies on the shells, of radius 2 about x1 = ±3.5");
    assertEquals(List.of("x1\tx1", "x2\tx2", "logL*\tlogL"), Files.readAllLines(Path.of(root + ".paramnames")));
    assertEquals(List.of("x1 -6.0 6.0", "x2 -6.0 6.0"), Files.readAllLines(Path.of(root + ".ranges")));

    // csv (and parquet) exports end with each row's log posterior weight, the same weights
    Path csv = dir.resolve("shells.csv");
    TestScans.Cli e = TestScans.cli("export", straight, "--format", "csv", "--out", csv.toString());
    assertEquals(0, e.code(), e.err());
    assertEquals(lines.size(), logwt(csv, row -> true).size(), "a logwt for each weighted row");
    assertEquals(1, logwt(csv, row -> true).stream().mapToDouble(Math::exp).sum(), 1e-9);

    TestScans.Cli report = TestScans.cli("report", straight);
    assertEquals(0, report.code(), report.err());
    String html = Files.readString(Path.of(straight, "report", "index.html"));
    assertTrue(html.contains("Posterior (nested sampling)") && html.contains("post-x1.png") && html.contains("68 % central interval"),
        "the report has the posterior section");
    assertTrue(Files.size(Path.of(straight, "report", "img", "post-x2.png")) > 1000);
    assertTrue(html.contains("post-x1-x2.png") && html.contains("highest-density regions"), "and the 2-D marginal of the pair");
  }

  /**
   * The bench sections measure the samplers through {@link InProcessRun}, the scan loop's
   * calls without Spark: the same seed must draw the same points there as in a real scan,
   * or the bench tables would describe another sampler than the one users run.
   */
  @Test
  void theInProcessHarnessDrawsWhatAScanDraws() throws Exception {
    ScanSpec spec = TestScans.spec(shells("max_iterations: 40"));
    ScanResult scan = TestScans.run(spec, dir.resolve("scan").toString(), false);
    NestedStrategy strategy = (NestedStrategy) NestedStrategy.Config.parse(Options.of("strategy",
        Map.of("name", "nested", "live", 100, "batch", 20, "dlogz", 0.5)), spec.space()).newStrategy();
    InProcessRun run = new InProcessRun(spec.space(), strategy, GaussianShells::logL, spec.seed()).until(40, Long.MAX_VALUE);
    List<Evaluation> a = scan.history().all();
    List<Evaluation> b = run.history().all();
    assertEquals(a.size(), b.size(), "calls in 40 iterations");
    for (int i = 0; i < a.size(); i++) {
      assertTrue(Arrays.equals(a.get(i).point().values(), b.get(i).point().values())
              && a.get(i).point().iteration() == b.get(i).point().iteration(),
          "call " + i + ": scan " + Arrays.toString(a.get(i).point().values()) + " in iteration " + a.get(i).point().iteration()
              + ", in process " + Arrays.toString(b.get(i).point().values()) + " in iteration " + b.get(i).point().iteration());
      assertEquals(a.get(i).loglike(), b.get(i).loglike(), 0, "log L of call " + i);
    }
    Progress p = Json.MAPPER.readValue(Files.readString(dir.resolve("scan").resolve("progress.json")), Progress.class);
    assertEquals(((Number) p.results().get("log_z")).doubleValue(), run.result("log_z"), 0, "the same log Z so far");
  }

  /**
   * Walkers as a real scan: rslice replacements on local Spark, one point per walker per
   * job, stopped in the middle of a walk and resumed to the rows of an uninterrupted scan (the
   * walkers are in the checkpoint).
   */
  @Test
  void sliceWalkersStopMidWalkAndResumeToTheSameRows() throws Exception {
    String walkers = "strategy: {name: nested, live: 60, batch: 12, sample: rslice, slices: 3}";
    java.util.function.Function<String, String> spec = stop -> shells(stop).replace("strategy: {name: nested, live: 100, batch: 20, dlogz: 0.5}", walkers);
    String straight = dir.resolve("walk-straight").toString();
    ScanResult r = TestScans.run(TestScans.spec(spec.apply("max_iterations: 30")), straight, false);
    List<Row> rows = TestScans.rows(straight);
    assertTrue(r.history().iteration(2).size() <= 12 && r.history().iteration(5).size() <= 12,
        "a job carries one point per walker: " + r.history().iteration(2).size());
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(straight, "progress.json")), Progress.class);
    assertTrue(p.iterations().get(p.iterations().size() - 1).strategyMetrics().containsKey("walk_scale"), "walkers, not draws from a bound");
    assertTrue(((Number) p.results().get("dead_points")).intValue() >= 12, "at least one set of replacements done: " + p.results());

    String stopped = dir.resolve("walk-stopped").toString();
    TestScans.run(TestScans.spec(spec.apply("max_iterations: 13")), stopped, false);
    com.fasterxml.jackson.databind.JsonNode state = Json.MAPPER.readTree(Files.readString(Path.of(stopped, "checkpoint", "state-000013.json")));
    assertTrue(state.findValue("walkers").size() > 0, "stopped in the middle of a walk: " + state.findValue("walk"));
    ScanResult resumed = TestScans.run(TestScans.spec(spec.apply("max_iterations: 30")), stopped, true);
    assertEquals(14, resumed.firstIteration());
    TestScans.assertSameRows(TestScans.comparable(rows), TestScans.comparable(TestScans.rows(stopped)));
    Progress q = Json.MAPPER.readValue(Files.readString(Path.of(stopped, "progress.json")), Progress.class);
    assertEquals(((Number) p.results().get("log_z")).doubleValue(), ((Number) q.results().get("log_z")).doubleValue(), 0);
  }

  /**
   * ml-nested as a real scan: the ring O = x1^2 + x2^2 = 2 +- 0.1 (log Z = log(pi 0.1
   * sqrt(2 pi) / 16) = -3.011), drawn by rejection from the whole prior; the regressor learns
   * O and spares calls once the acceptance falls. The audits it sends are rows like any other
   * (origin audit) but carry no posterior weight; its models are saved with the scan.
   */
  @Test
  void mlNestedFiltersWithSavedModelsAndKeepsAuditsOutOfThePosterior() throws Exception {
    String out = dir.resolve("ml").toString();
    String spec = "name: ring-ml-nested\nseed: 5\nparameters:\n  x1: [-2, 2]\n  x2: [-2, 2]\n"
        + "oracle: {builtin: shell}\n"
        + "constraints:\n  - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}\n"
        + "strategy: {name: ml-nested, live: 100, batch: 20, dlogz: 0.5, bound: none, candidates: 5000,\n"
        + "  regressor: {hidden: [32, 32], max_steps: 300}}\n"
        + "stop: {max_evaluations: 60000}\n";
    TestScans.run(TestScans.spec(spec), out, false);
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(out, "progress.json")), Progress.class);
    assertTrue(p.stopReason().startsWith("the remaining evidence is below dlogz"), p.stopReason());
    assertEquals(Math.log(Math.PI * 0.1 * Math.sqrt(2 * Math.PI) / 16), ((Number) p.results().get("log_z")).doubleValue(),
        Math.max(0.3, 3 * ((Number) p.results().get("log_z_error")).doubleValue()), "log Z " + p.results());
    assertTrue(((Number) p.results().get("filtered_batches")).longValue() > 0, "the filter was used: " + p.results());
    assertTrue(Files.size(Path.of(out, "models", "regressor.bin")) > 1000, "the regressor is saved with the scan");

    List<Row> rows = TestScans.rows(out);
    long audits = rows.stream().filter(r -> "audit".equals(r.getAs("origin"))).count();
    assertTrue(audits > 0, "audit rows are written like any other");
    Path root = dir.resolve("getdist/ml");
    TestScans.Cli c = TestScans.cli("export", out, "--format", "getdist", "--out", root.toString());
    assertEquals(0, c.code(), c.err());
    assertEquals(0, TestScans.cli("export", out, "--format", "csv", "--out", dir.resolve("ml.csv").toString()).code());
    assertEquals(List.of(), logwt(dir.resolve("ml.csv"), row -> row.get("origin").equals("audit")), "no audit has a weight");
    // every exported row is a dead or live point; the audits are not among them
    long exported = Files.readAllLines(Path.of(root + ".txt")).size();
    long dead = ((Number) p.results().get("dead_points")).longValue() + ((Number) p.results().get("live_points")).longValue();
    assertTrue(exported <= dead, exported + " exported rows, " + dead + " dead and live points");
  }

  /** The non-empty logwt values of the exported CSV's rows that {@code which} picks (by column name). */
  static List<Double> logwt(Path csv, java.util.function.Predicate<java.util.Map<String, String>> which) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = List.of(lines.get(0).split(",", -1));
    assertEquals("logwt", header.get(header.size() - 1), "logwt is the last column");
    List<Double> out = new java.util.ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      java.util.Map<String, String> row = new java.util.HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), f[i].replace("\"", ""));
      }
      if (which.test(row) && !row.get("logwt").isEmpty()) {
        out.add(Double.parseDouble(row.get("logwt")));
      }
    }
    return out;
  }
}
